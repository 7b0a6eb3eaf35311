package org.ross.benchmarks;

import java.util.Locale;
import org.ross.core.ProgressMonitor;

/** Progress of a long benchmark stage on stderr, at most one line per period, with the current RSS. */
final class ConsoleProgress implements ProgressMonitor {

    private final String label;
    private final long periodNanos;
    private long last;

    ConsoleProgress(String label, int periodSeconds) {
        this.label = label;
        this.periodNanos = periodSeconds * 1_000_000_000L;
    }

    @Override
    public void progress(double fraction, String message) {
        long now = System.nanoTime();
        if (now - last > periodNanos) {
            last = now;
            System.err.printf(Locale.ROOT, "[%s] %5.1f%% %s (RSS %.0f MiB)%n", label, 100 * fraction, message,
                    Machine.rssMib());
        }
    }

    @Override
    public void checkCancelled() {
    }
}
