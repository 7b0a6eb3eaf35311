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
 * @param skippedUpdates        steps whose gradient was not finite under a finite loss: counted in
 *                              {@code steps}, but they changed no weight
 */
public record TrainingReport(long steps, List<Double> epochLosses, double finalReconstructionMse,
                             double finalKl, double seconds, long skippedUpdates) {

    public TrainingReport {
        epochLosses = List.copyOf(epochLosses);
    }

    /** The last epoch's reconstruction as PSNR in dB; see {@link #psnr(double)}. */
    public double finalPsnr() {
        return psnr(finalReconstructionMse);
    }

    /**
     * A reconstruction MSE on [-1, 1] pixels as PSNR in dB: the peak-to-peak range is 2, so
     * {@code PSNR = 10 log10(4 / MSE)} (the same figure as peak 1 on [0, 1] pixels).
     */
    public static double psnr(double mse) {
        return 10 * Math.log10(4.0 / mse);
    }

    public double finalLoss() {
        return epochLosses.isEmpty() ? Double.NaN : epochLosses.get(epochLosses.size() - 1);
    }
}
