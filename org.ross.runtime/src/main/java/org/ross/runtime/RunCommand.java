package org.ross.runtime;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import org.ross.runtime.exec.NodeFailedException;
import org.ross.runtime.exec.ProgressPrinter;
import org.ross.runtime.exec.RunResult;
import org.ross.runtime.exec.RunSummary;
import org.ross.runtime.exec.WorkflowExecutor;
import org.ross.runtime.workflow.Causes;
import org.ross.runtime.workflow.CompiledWorkflow;
import org.ross.runtime.workflow.WorkflowCompiler;
import org.ross.runtime.workflow.WorkflowException;
import org.ross.runtime.workflow.WorkflowFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Validates, configures and executes a workflow; prints a summary of its outputs.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "the workflow JSON file")
    private Path workflow;

    @Option(names = "--set", paramLabel = "NODE.SETTING=VALUE",
            description = "override a setting of one node, e.g. --set tok.epochs=5 (repeatable)")
    private List<String> assignments = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "output directory (default: out/<workflow name>)")
    private Path out;

    @Option(names = {"-v", "--verbose"}, description = "print stack traces of failures")
    private boolean verbose;

    private final Ross.Environment env;

    RunCommand(Ross.Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        CompiledWorkflow compiled;
        try {
            compiled = new WorkflowCompiler(env.registry())
                    .compile(WorkflowFile.read(workflow), Overrides.parse(assignments));
        } catch (WorkflowException e) {
            env.err().println("ross: " + e.getMessage());
            return Ross.BAD_INPUT;
        }
        Path dir = out != null ? out : Path.of("out", compiled.directoryName());
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            env.err().println("ross: --out " + dir + " is a file; give a directory (it is created if missing)");
            return Ross.BAD_INPUT;
        }
        WorkflowExecutor executor = new WorkflowExecutor(new ProgressPrinter(env.err(), env.terminal()), env.cancel());
        try {
            RunResult result = executor.run(compiled, dir);
            RunSummary.lines(result).forEach(env.out()::println);
            return Ross.OK;
        } catch (CancellationException e) {
            env.err().println("ross: cancelled; outputs of completed nodes are in " + dir
                    + ", the interrupted node kept its previous outputs");
            return Ross.CANCELLED;
        } catch (NodeFailedException e) {
            return failed(e.getMessage(), e.getCause() != null ? e.getCause() : e);
        } catch (IOException e) {
            return failed("cannot write the outputs in " + dir + ": " + describe(e), e);
        } catch (RuntimeException e) {
            return failed("cannot run workflow in " + dir + ": " + Causes.describe(e), e);
        }
    }

    /** "path: permission denied" rather than the exception's class name. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String reason = f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof FileAlreadyExistsException ? "already exists"
                    : f instanceof NoSuchFileException ? "no such file or directory"
                    : f instanceof NotDirectoryException ? "not a directory"
                    : f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            return f.getFile() + ": " + reason;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private int failed(String message, Throwable trace) {
        env.err().println("ross: " + message);
        if (verbose) {
            trace.printStackTrace(env.err());
        } else {
            env.err().println("(run with --verbose for the stack trace)");
        }
        return Ross.FAILED;
    }
}
