package org.ross.benchmarks;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ross.core.ProgressMonitor;
import org.ross.core.ross.RossModel;

/**
 * Progress on the console that also scores the held-out questions every {@code every} steps of training (0:
 * never; not after the last step, which the final scoring covers), so a run shows when it learns each question
 * template and whether it loses one again. The scoring runs between two optimizer steps, where the trainer
 * validates too, and greedy decoding draws no random numbers: the training path is the one without it.
 */
final class ScoringProgress implements ProgressMonitor {

    private final ProgressMonitor console;
    private final String label;
    private final RossModel model;
    private final VqaData test;
    private final int steps;
    private final int every;
    private final Map<Long, Map<String, Double>> during = new TreeMap<>();
    private long nanos;

    ScoringProgress(ProgressMonitor console, String label, RossModel model, VqaData test, int steps, int every) {
        this.console = console;
        this.label = label;
        this.model = model;
        this.test = test;
        this.steps = steps;
        this.every = every;
    }

    @Override
    public void progress(double fraction, String message) {
        console.progress(fraction, message);
        long step = Math.round(fraction * steps);
        if (every > 0 && step % every == 0 && step < steps && !during.containsKey(step)) {
            long t0 = System.nanoTime();
            Map<String, Double> accuracy = VqaScoring.evaluate(model, test, test.questions().length);
            during.put(step, accuracy);
            long elapsed = System.nanoTime() - t0;
            nanos += elapsed;
            System.err.printf(Locale.ROOT, "[%s] held-out at step %d: %s (%.0f s)%n", label, step,
                    new TreeMap<>(accuracy), elapsed / 1e9);
        }
    }

    @Override
    public void checkCancelled() {
        console.checkCancelled();
    }

    Map<Long, Map<String, Double>> during() {
        return during;
    }

    /** The seconds spent scoring, which the arm's training time leaves out. */
    double seconds() {
        return nanos / 1e9;
    }
}
