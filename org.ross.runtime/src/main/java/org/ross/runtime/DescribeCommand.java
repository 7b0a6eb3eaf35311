package org.ross.runtime;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.ross.knime.nodes.spi.RossNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Prints the ports and settings of one node type.")
final class DescribeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TYPE", description = "a node type, as listed by `ross nodes`")
    private String type;

    private final Ross.Environment env;

    DescribeCommand(Ross.Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Optional<RossNode> node = env.registry().find(type);
        if (node.isEmpty()) {
            env.err().println("ross: unknown node type '" + type + "'; known types: "
                    + (env.registry().types().isEmpty() ? "none" : String.join(", ", env.registry().types())));
            return Ross.BAD_INPUT;
        }
        NodeReference.lines(node.get()).forEach(env.out()::println);
        return Ross.OK;
    }
}
