package org.ross.core.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * The content of a model port's {@code model.json}: which kind of model, its architecture config,
 * how inputs are preprocessed, where it came from, and any kind-specific sections (written as
 * further top-level fields).
 *
 * <pre>{@code
 * {"format": "ross-model", "formatVersion": 1, "kind": "tokenizer",
 *  "config": {...}, "preprocessing": {...}, "provenance": {"created": "...", "seed": 7, ...}, ...}
 * }</pre>
 */
public record ModelManifest(String kind, ObjectNode config, ObjectNode preprocessing,
                            ObjectNode provenance, ObjectNode sections) {

    public static final String FORMAT = "ross-model";
    public static final int FORMAT_VERSION = 1;

    /**
     * The preprocessing section every image model shares: square {@code imageSize} images with
     * {@code channels} channels, scaled to [-1, 1], channel-major.
     */
    public static ObjectNode imagePreprocessing(int imageSize, int channels) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("imageSize", imageSize);
        p.put("channels", channels);
        p.put("colorMode", channels == 1 ? "grey" : "rgb");
        p.putArray("range").add(-1.0).add(1.0);
        p.put("layout", "CHW");
        return p;
    }

    public ModelManifest {
        Objects.requireNonNull(kind, "kind");
        if (kind.isBlank()) {
            throw new IllegalArgumentException("model kind is blank; expected e.g. 'tokenizer'");
        }
        config = config == null ? JsonNodeFactory.instance.objectNode() : config.deepCopy();
        preprocessing = preprocessing == null ? JsonNodeFactory.instance.objectNode() : preprocessing.deepCopy();
        provenance = provenance == null ? JsonNodeFactory.instance.objectNode() : provenance.deepCopy();
        sections = sections == null ? JsonNodeFactory.instance.objectNode() : sections.deepCopy();
        for (String reserved : new String[] {"format", "formatVersion", "kind", "config", "preprocessing", "provenance"}) {
            if (sections.has(reserved)) {
                throw new IllegalArgumentException("extra section '" + reserved + "' clashes with the "
                        + "model.json envelope; rename it");
            }
        }
    }

    /** The whole {@code model.json} tree. */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("kind", kind);
        root.set("config", config.deepCopy());
        root.set("preprocessing", preprocessing.deepCopy());
        root.set("provenance", provenance.deepCopy());
        root.setAll(sections.deepCopy());
        return root;
    }
}
