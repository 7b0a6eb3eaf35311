package org.ross.core.train;

import java.util.Arrays;

/** The training examples and the validation examples (null when there are none) of one run. */
record Data<B>(BatchSource<B> train, BatchSource<B> validation, String describe) {

    /**
     * An explicit validation source wins; otherwise {@code validationFraction} of the training
     * source (rounded, at least one example) is held out by a seeded permutation.
     */
    static <B> Data<B> of(BatchSource<B> train, BatchSource<B> validation, TrainerConfig c) {
        int n = train.size();
        if (validation != null && c.validationFraction() > 0) {
            throw new IllegalArgumentException("both a validation source and validationFraction "
                    + c.validationFraction() + " were given; set validationFraction to 0 when passing validation data");
        }
        Data<B> d;
        if (validation != null) {
            if (validation.size() == 0) {
                throw new IllegalArgumentException("the validation source is empty; pass null for no validation");
            }
            d = new Data<>(train, validation, "source of " + validation.size() + " examples");
        } else if (c.validationFraction() > 0) {
            int held = Math.max(1, (int) Math.round(c.validationFraction() * n));
            if (held >= n) {
                throw new IllegalArgumentException("validationFraction " + c.validationFraction() + " of " + n
                        + " examples leaves none for training; lower it or add examples");
            }
            int[] order = TrainingRandom.splitOrder(c.seed(), n);
            int[] heldOut = Arrays.copyOfRange(order, 0, held);
            int[] kept = Arrays.copyOfRange(order, held, n);
            Arrays.sort(heldOut);
            Arrays.sort(kept);
            d = new Data<>(new Subset<>(train, kept), new Subset<>(train, heldOut),
                    "split of " + held + " of " + n + " examples");
        } else {
            d = new Data<>(train, null, "none");
        }
        if (d.train().size() == 0) {
            throw new IllegalArgumentException("the training source is empty; at least one example is needed");
        }
        if (c.earlyStoppingPatience() > 0 && d.validation() == null) {
            throw new IllegalArgumentException("earlyStoppingPatience " + c.earlyStoppingPatience()
                    + " needs validation data: pass a validation source or set validationFraction, e.g. 0.1");
        }
        return d;
    }
}
