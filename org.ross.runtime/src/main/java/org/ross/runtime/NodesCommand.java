package org.ross.runtime;

import java.util.concurrent.Callable;
import org.ross.knime.nodes.spi.RossNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "Lists every node type with its ports and settings.")
final class NodesCommand implements Callable<Integer> {

    private final Ross.Environment env;

    NodesCommand(Ross.Environment env) {
        this.env = env;
    }

    @Option(names = "--markdown", description = "Print the reference as Markdown (the text of docs/nodes.md).")
    boolean markdown;

    @Override
    public Integer call() {
        if (markdown) {
            NodeReference.markdown(env.registry().all()).forEach(env.out()::println);
            return Ross.OK;
        }
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
