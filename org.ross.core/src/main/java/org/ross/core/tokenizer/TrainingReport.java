package org.ross.core.tokenizer;

import java.util.List;

/**
 * What a fit did.
 *
 * @param steps                 optimisation steps taken
 * @param epochLosses           mean loss of each (possibly partial) epoch
 * @param finalReconstructionMse mean squared pixel error of the last epoch, on [-1, 1] pixels
 * @param finalKl               mean KL divergence per image of the last epoch
 * @param seconds               wall time of the optimisation (without the latent statistics pass)
 */
public record TrainingReport(long steps, List<Double> epochLosses, double finalReconstructionMse,
                             double finalKl, double seconds) {

    public TrainingReport {
        epochLosses = List.copyOf(epochLosses);
    }

    public double finalLoss() {
        return epochLosses.isEmpty() ? Double.NaN : epochLosses.get(epochLosses.size() - 1);
    }
}
