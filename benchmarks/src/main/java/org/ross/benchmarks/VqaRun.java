package org.ross.benchmarks;

import java.util.List;
import java.util.Map;
import org.ross.core.train.TrainingLog;

/**
 * Accuracy per question type of one trained model and its training seconds; a run whose training stopped
 * (diverged) has no accuracy and the trainer's message instead; {@code skipped} counts the updates the trainer
 * skipped for a non-finite gradient; {@code lossText} and {@code lossVisual} are the training losses averaged
 * over the last tenth of the steps (whether the visual loss fell shows whether the image-position states carry
 * the latents); {@code during} holds the held-out accuracy scored during training, by step (empty without
 * {@code --eval-every}).
 */
record VqaRun(int seed, Map<String, Double> accuracy, double seconds, String failure, long skipped, double lossText,
             double lossVisual, Map<Long, Map<String, Double>> during) {

    /** A run from its training log: the skipped updates and the losses over the last tenth of the steps. */
    static VqaRun of(int seed, Map<String, Double> accuracy, double seconds, List<TrainingLog.Row> log,
                    Map<Long, Map<String, Double>> during) {
        int n = log.size();
        List<TrainingLog.Row> tail = log.subList(n - Math.min(n, Math.max(1, n / 10)), n).stream()
                .filter(r -> !r.skipped()).toList();
        return new VqaRun(seed, accuracy, seconds, null, log.stream().filter(TrainingLog.Row::skipped).count(),
                tail.stream().mapToDouble(TrainingLog.Row::lossText).average().orElse(Double.NaN),
                tail.stream().mapToDouble(TrainingLog.Row::lossVisual).average().orElse(Double.NaN), during);
    }
}
