package org.ross.core.tokenizer;

import ai.djl.ndarray.NDArray;
import org.ross.core.nn.Activations;
import org.ross.core.nn.Conv2dLayer;
import org.ross.core.nn.ParameterSet;
import org.ross.core.nn.ResnetBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * LDM's {@code Decoder}, shrunk: {@code conv_in} from the latent, a {@code mid} block, then per
 * stage a nearest-neighbour x2 {@code upsample} with a 3x3 conv and one {@code ResnetBlock}, and
 * {@code conv_out} to pixels. The output is unbounded during training; {@link KlVae#decode}
 * clamps it to [-1, 1].
 */
final class VaeDecoder {

    private final Conv2dLayer convIn;
    private final ResnetBlock mid;
    private final List<Conv2dLayer> upsample = new ArrayList<>();
    private final List<ResnetBlock> block = new ArrayList<>();
    private final Conv2dLayer convOut;

    VaeDecoder(ParameterSet ps, TokenizerConfig c) {
        int top = c.widthAt(c.levels());
        convIn = Conv2dLayer.conv3x3(ps, "decoder.conv_in", c.latentChannels(), top, 1);
        mid = new ResnetBlock(ps, "decoder.mid.block_1", top, top);
        for (int i = c.levels() - 1; i >= 0; i--) {
            upsample.add(Conv2dLayer.conv3x3(ps, "decoder.up." + i + ".upsample.conv",
                    c.widthAt(i + 1), c.widthAt(i), 1));
            block.add(new ResnetBlock(ps, "decoder.up." + i + ".block.0", c.widthAt(i), c.widthAt(i)));
        }
        convOut = Conv2dLayer.conv3x3(ps, "decoder.conv_out", c.widthAt(0), c.imageChannels(), 1);
    }

    /** z (B, C_z, h, w) -> reconstruction (B, C, S, S). */
    NDArray forward(NDArray z) {
        NDArray h = mid.forward(convIn.forward(z)); // (B, w_L, h, w)
        for (int i = 0; i < upsample.size(); i++) {
            NDArray up = h.repeat(2, 2).repeat(3, 2); // (B, w, 2H, 2W): nearest-neighbour x2
            h = block.get(i).forward(upsample.get(i).forward(up)); // (B, w_i, 2H, 2W)
        }
        return convOut.forward(Activations.silu(h)); // (B, C, S, S)
    }
}
