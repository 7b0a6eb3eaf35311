package org.ross.knime.nodes.spi;

import java.util.Objects;
import org.ross.core.table.TableSpec;

/** The columns a table port will carry. */
public record TablePortSpec(TableSpec spec) implements PortSpec {

    public TablePortSpec {
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public PortKind portKind() {
        return PortKind.TABLE;
    }
}
