package org.ross.runtime;

import java.util.concurrent.Callable;
import org.ross.knime.nodes.spi.RossNode;
import picocli.CommandLine.Command;

@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "Lists every node type with its ports and settings.")
final class NodesCommand implements Callable<Integer> {

    private final Ross.Environment env;

    NodesCommand(Ross.Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (env.registry().all().isEmpty()) {
            env.out().println("no node types registered");
        }
        boolean first = true;
        for (RossNode node : env.registry().all()) {
            if (!first) {
                env.out().println();
            }
            first = false;
            NodeReference.lines(node).forEach(env.out()::println);
        }
        return Ross.OK;
    }
}
