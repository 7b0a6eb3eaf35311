package org.ross.knime.nodes.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A model: a directory holding {@code model.json} and safetensors weights, its kind and the
 * summary its {@link ModelPortSpec} carries.
 */
public record ModelPort(Path directory, String kind, Map<String, Object> summary)
        implements PortObject {

    public ModelPort {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(kind, "kind");
        summary = summary == null ? Map.of() : Map.copyOf(summary);
    }

    public ModelPort(Path directory, String kind) {
        this(directory, kind, Map.of());
    }

    @Override
    public PortKind portKind() {
        return PortKind.MODEL;
    }

    @Override
    public Path path() {
        return directory;
    }

    @Override
    public ModelPortSpec portSpec() {
        return new ModelPortSpec(kind, summary);
    }

    public ModelPort withDirectory(Path newDirectory) {
        return new ModelPort(newDirectory, kind, summary);
    }
}
