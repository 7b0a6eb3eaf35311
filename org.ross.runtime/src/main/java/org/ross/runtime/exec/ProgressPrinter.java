package org.ross.runtime.exec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.ross.runtime.workflow.PlannedNode;

/**
 * Per-node progress on stderr: on a terminal one line rewritten in place, otherwise (logs, CI) a
 * line whenever a node starts or ends and at most every {@link #LOG_INTERVAL_NANOS} in between.
 * Format: {@code [2/3] tok  42%  encoding batch 3/10  12.3s}.
 */
public final class ProgressPrinter implements ExecutionListener {

    private static final long TERMINAL_INTERVAL_NANOS = 100_000_000L;
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private String step = "";
    private long nodeStart;
    private long lastPrint;

    public ProgressPrinter(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void nodeStarted(PlannedNode node, int index, int total) {
        step = "[" + (index + 1) + "/" + total + "] " + node.id();
        nodeStart = System.nanoTime();
        lastPrint = nodeStart;
        print(step + "  " + node.node().type() + " started", false);
    }

    @Override
    public synchronized void progress(PlannedNode node, double fraction, String message) {
        long now = System.nanoTime();
        if (now - lastPrint < (terminal ? TERMINAL_INTERVAL_NANOS : LOG_INTERVAL_NANOS)) {
            return;
        }
        lastPrint = now;
        String text = String.format(Locale.ROOT, "%s  %3d%%  %s  %s", step, Math.round(fraction * 100),
                message == null ? "" : message, seconds(Duration.ofNanos(now - nodeStart)));
        print(text, terminal);
    }

    @Override
    public synchronized void warning(PlannedNode node, String message) {
        print(step + "  warning: " + message, false);
    }

    @Override
    public synchronized void nodeFinished(PlannedNode node, Duration elapsed) {
        print(step + "  done in " + seconds(elapsed), false);
    }

    @Override
    public synchronized void nodeStopped(PlannedNode node, Duration elapsed, Throwable why) {
        String what = why instanceof CancellationException ? "cancelled" : "failed";
        print(step + "  " + what + " after " + seconds(elapsed), false);
    }

    /** Prints a line; a transient one (terminal progress) is overwritten by the next. */
    private void print(String text, boolean transientLine) {
        if (terminal) {
            err.print("\r\033[K" + text);
            if (!transientLine) {
                err.println();
            }
        } else {
            err.println(text);
        }
        err.flush();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toNanos() / 1e9);
    }
}
