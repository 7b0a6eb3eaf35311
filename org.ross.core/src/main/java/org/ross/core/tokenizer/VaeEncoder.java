package org.ross.core.tokenizer;

import ai.djl.ndarray.NDArray;
import org.ross.core.nn.Activations;
import org.ross.core.nn.Conv2dLayer;
import org.ross.core.nn.ParameterSet;
import org.ross.core.nn.ResnetBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * LDM's {@code Encoder}, shrunk: {@code conv_in}, then per stage a stride-2 {@code downsample}
 * conv and one {@code ResnetBlock}, a {@code mid} block, and {@code conv_out} to the posterior
 * moments (mean and log-variance stacked on the channel axis).
 */
final class VaeEncoder {

    private final Conv2dLayer convIn;
    private final List<Conv2dLayer> downsample = new ArrayList<>();
    private final List<ResnetBlock> block = new ArrayList<>();
    private final ResnetBlock mid;
    private final Conv2dLayer convOut;

    VaeEncoder(ParameterSet ps, TokenizerConfig c) {
        convIn = Conv2dLayer.conv3x3(ps, "encoder.conv_in", c.imageChannels(), c.widthAt(0), 1);
        for (int i = 0; i < c.levels(); i++) {
            downsample.add(Conv2dLayer.conv3x3(ps, "encoder.down." + i + ".downsample.conv",
                    c.widthAt(i), c.widthAt(i + 1), 2));
            block.add(new ResnetBlock(ps, "encoder.down." + i + ".block.0", c.widthAt(i + 1), c.widthAt(i + 1)));
        }
        int top = c.widthAt(c.levels());
        mid = new ResnetBlock(ps, "encoder.mid.block_1", top, top);
        convOut = Conv2dLayer.conv3x3(ps, "encoder.conv_out", top, 2 * c.latentChannels(), 1);
    }

    /** (B, C, S, S) -> moments (B, 2 C_z, h, w). */
    NDArray forward(NDArray x) {
        NDArray h = convIn.forward(x); // (B, w0, S, S)
        for (int i = 0; i < downsample.size(); i++) {
            h = block.get(i).forward(downsample.get(i).forward(h)); // (B, w_{i+1}, S / 2^(i+1), ...)
        }
        h = mid.forward(h); // (B, w_L, h, w)
        return convOut.forward(Activations.silu(h)); // (B, 2 C_z, h, w)
    }
}
