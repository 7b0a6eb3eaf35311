package org.ross.knime.nodes.spi;

import java.nio.file.Path;
import java.util.Objects;
import org.ross.core.table.TableSpec;

/** A table: an Arrow IPC file (random-access format) and its columns. */
public record TablePort(Path arrowFile, TableSpec spec) implements PortObject {

    public TablePort {
        Objects.requireNonNull(arrowFile, "arrowFile");
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public PortKind portKind() {
        return PortKind.TABLE;
    }

    @Override
    public Path path() {
        return arrowFile;
    }

    @Override
    public TablePortSpec portSpec() {
        return new TablePortSpec(spec);
    }

    /** The same table at another place (the runner moves outputs from staging to their final path). */
    public TablePort withFile(Path file) {
        return new TablePort(file, spec);
    }
}
