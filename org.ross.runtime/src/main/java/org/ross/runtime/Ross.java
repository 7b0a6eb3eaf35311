package org.ross.runtime;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ross.knime.nodes.spi.NodeRegistry;
import org.ross.runtime.exec.CancelToken;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ross} command line: {@code run}, {@code nodes}, {@code describe}. Returns exit codes
 * and never exits the JVM; only {@link Main} does.
 *
 * <p>Exit codes: 0 success, 1 a node failed, 2 bad workflow, settings or arguments, 130 cancelled.
 */
@Command(name = "ross", mixinStandardHelpOptions = true, version = "ross 0.1.0",
        description = "Runs ROSS workflows headless: the same nodes as in KNIME, from a JSON workflow file.")
public final class Ross implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int CANCELLED = 130;

    /** What the commands work with; tests pass their own registry, streams and cancel token. */
    record Environment(NodeRegistry registry, PrintStream out, PrintStream err, CancelToken cancel,
            boolean terminal) {
    }

    private final Environment env;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private Ross(Environment env) {
        this.env = env;
    }

    /**
     * @param terminal whether stderr is an interactive terminal (progress rewrites one line)
     */
    public static int execute(String[] args, NodeRegistry registry, PrintStream out, PrintStream err,
            CancelToken cancel, boolean terminal) {
        Environment env = new Environment(registry, out, err, cancel, terminal);
        CommandLine cli = new CommandLine(new Ross(env))
                .addSubcommand("run", new RunCommand(env))
                .addSubcommand("nodes", new NodesCommand(env))
                .addSubcommand("describe", new DescribeCommand(env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** {@code ross} without a command: usage on stderr. */
    @Override
    public Integer call() {
        spec.commandLine().usage(env.err());
        return BAD_INPUT;
    }
}
