package org.ross.knime.nodes.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A model port before execution: its kind (for example {@code "image-tokenizer"}) and what
 * downstream nodes may check without loading weights (latent shape, vocabulary size, ...).
 * Summary values are JSON-like: numbers, strings, booleans, lists.
 */
public record ModelPortSpec(String kind, Map<String, Object> summary) implements PortSpec {

    public ModelPortSpec {
        Objects.requireNonNull(kind, "kind");
        summary = summary == null ? Map.of() : Map.copyOf(summary);
    }

    public static ModelPortSpec of(String kind) {
        return new ModelPortSpec(kind, Map.of());
    }

    @Override
    public PortKind portKind() {
        return PortKind.MODEL;
    }
}
