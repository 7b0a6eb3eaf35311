package org.ross.runtime.exec;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Set once (Ctrl-C, a test, a server request); nodes see it at their next {@code checkCancelled}. */
public final class CancelToken {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public void check() throws CancellationException {
        if (cancelled.get()) {
            throw new CancellationException("cancelled");
        }
    }
}
