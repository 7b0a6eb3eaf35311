package org.ross.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * The residual block of the LDM autoencoder without its GroupNorms:
 * {@code h = conv2(silu(conv1(silu(x)))); return skip(x) + h}, with a 1x1 {@code nin_shortcut}
 * when the width changes. Without normalisation the block starts as the identity: the model's
 * initialisation zeroes {@code conv2} (SkipInit, De and Smith 2020), which keeps deep stacks
 * trainable; and encoding one image never depends on the other images of its batch.
 */
public final class ResnetBlock {

    public final Conv2dLayer conv1;
    public final Conv2dLayer conv2;
    public final Conv2dLayer ninShortcut; // null when in == out

    public ResnetBlock(ParameterSet ps, String name, int in, int out) {
        this.conv1 = Conv2dLayer.conv3x3(ps, name + ".conv1", in, out, 1);
        this.conv2 = Conv2dLayer.conv3x3(ps, name + ".conv2", out, out, 1);
        this.ninShortcut = in == out ? null : Conv2dLayer.conv1x1(ps, name + ".nin_shortcut", in, out);
    }

    public NDArray forward(NDArray x) { // (B, in, H, W) -> (B, out, H, W)
        NDArray h = conv2.forward(Activations.silu(conv1.forward(Activations.silu(x))));
        NDArray skip = ninShortcut == null ? x : ninShortcut.forward(x);
        return skip.add(h);
    }
}
