package org.ross.core.ross;

/** The visual objective next to {@code L_text} (ROSS, section 3 and table 1). */
public enum Objective {
    /** No visual term: the LLaVA baseline, otherwise identical. */
    TEXT_ONLY,
    /** ROSS-R: regress the clean latent tokens {@code z0} from the image-position outputs (MSE). */
    ROSS_R,
    /** ROSS-D: denoise {@code z0} with a DiT conditioned on the image-position outputs (default). */
    ROSS_D
}
