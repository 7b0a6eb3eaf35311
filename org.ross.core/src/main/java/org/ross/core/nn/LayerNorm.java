package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Layer normalisation over the last axis (Ba et al. 2016), with or without the learned gain and
 * bias. DiT's adaLN blocks use it without affine parameters; the modulation supplies them.
 * The gain is named {@code <name>.weight} and the layer name's last segment starts with {@code ln},
 * so that a model's initialiser can recognise gains ({@link #isGain}) and set them to one.
 */
public final class LayerNorm {

    public static final float DEFAULT_EPS = 1e-5f;

    public final Parameter weight; // (D), null without affine
    public final Parameter bias;   // (D), null without affine
    private final float eps;

    public LayerNorm(ParameterSet ps, String name, int width, boolean affine, float eps) {
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (affine && !last.startsWith("ln")) {
            throw new IllegalArgumentException("layer norm '" + name + "': the last name segment must start "
                    + "with 'ln' (e.g. " + name + ".ln_1) so that its gain is initialised to one");
        }
        this.weight = affine ? ps.declare(name + ".weight", width, width) : null;
        this.bias = affine ? ps.declare(name + ".bias", width, width) : null;
        this.eps = eps;
    }

    /** An affine layer norm with the default epsilon. */
    public LayerNorm(ParameterSet ps, String name, int width) {
        this(ps, name, width, true, DEFAULT_EPS);
    }

    /** Whether {@code p} is a layer-norm gain (initialised to one). */
    public static boolean isGain(Parameter p) {
        String n = p.name();
        if (!n.endsWith(".weight")) {
            return false;
        }
        String layer = n.substring(0, n.length() - ".weight".length());
        return layer.substring(layer.lastIndexOf('.') + 1).startsWith("ln");
    }

    public NDArray forward(NDArray x) { // (..., D) -> (..., D)
        return weight == null ? normalize(x, eps) : fused(x, weight.array(), bias.array(), eps);
    }

    /** {@code (x - mean) / sqrt(var + eps)} over the last axis (biased variance): layer norm without affine. */
    public static NDArray normalize(NDArray x, float eps) { // (..., D) -> (..., D)
        Shape d = new Shape(x.getShape().get(x.getShape().dimension() - 1));
        return fused(x, x.getManager().ones(d), x.getManager().zeros(d), eps);
    }

    /**
     * The engine's fused layer norm: one kernel forward and one backward instead of the seven
     * element-wise operations (and their saved intermediates) of the formula written out.
     */
    private static NDArray fused(NDArray x, NDArray gain, NDArray bias, float eps) { // (..., D), (D), (D) -> (..., D)
        return x.getNDArrayInternal().layerNorm(x, gain.getShape(), gain, bias, eps).singletonOrThrow();
    }
}
