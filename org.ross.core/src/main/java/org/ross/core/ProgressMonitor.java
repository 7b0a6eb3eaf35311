package org.ross.core;

import java.util.concurrent.CancellationException;

/**
 * How long engine work reports progress and learns that it should stop. The node layer adapts
 * its execution context to this; the engine never sees node types.
 */
public interface ProgressMonitor {

    /** A monitor that reports nowhere and never cancels (tests, benchmarks). */
    ProgressMonitor NONE = new ProgressMonitor() {
        @Override
        public void progress(double fraction, String message) {
        }

        @Override
        public void checkCancelled() {
        }
    };

    /** Reports {@code fraction} in [0, 1] of the whole call done, with a short message. */
    void progress(double fraction, String message);

    /** Throws {@link CancellationException} when the user asked to stop. Call between batches. */
    void checkCancelled() throws CancellationException;

    /** A view that maps this call's [0, 1] onto [from, to] of this monitor (for sub-steps). */
    default ProgressMonitor slice(double from, double to) {
        ProgressMonitor parent = this;
        return new ProgressMonitor() {
            @Override
            public void progress(double fraction, String message) {
                parent.progress(from + (to - from) * Math.max(0, Math.min(1, fraction)), message);
            }

            @Override
            public void checkCancelled() {
                parent.checkCancelled();
            }
        };
    }
}
