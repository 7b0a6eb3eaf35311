package org.ross.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ross.knime.nodes.BuiltInNodes;
import org.ross.runtime.exec.CancelToken;

/**
 * Process entry point, the only place that exits the JVM. Ctrl-C runs the shutdown hook, which
 * sets the cancel token and waits for the run to stop at a node's next cancel check (so staging is
 * cleaned up and previous outputs stay); the JVM then exits with 130 (128 + SIGINT).
 */
public final class Main {

    /** How long Ctrl-C waits for a node to reach its next cancel check. */
    private static final long CANCEL_GRACE_SECONDS = 30;

    private Main() {
    }

    public static void main(String[] args) {
        CancelToken cancel = new CancelToken();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            cancel.cancel();
            try {
                finished.await(CANCEL_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ross-cancel");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        int code;
        try {
            code = Ross.execute(args, BuiltInNodes.registry(), System.out, System.err, cancel,
                    System.console() != null);
        } finally {
            finished.countDown();
        }
        if (cancel.isCancelled()) {
            return; // the JVM is already shutting down on the signal and exits with 130
        }
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
        System.exit(code);
    }
}
