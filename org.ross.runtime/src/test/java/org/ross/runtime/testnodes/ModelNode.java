package org.ross.runtime.testnodes;

import java.nio.file.Files;
import java.util.List;
import org.ross.knime.nodes.spi.ExecutionContext;
import org.ross.knime.nodes.spi.ModelPort;
import org.ross.knime.nodes.spi.ModelPortSpec;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortObject;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePort;

/** {@code test-model}: a table and an optional base model in, a model directory out. */
public final class ModelNode extends TestNode {

    public static final String KIND = "test-kind";

    public ModelNode() {
        super("test-model");
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of(PortDescription.table("table", "training table"),
                PortDescription.model("base", "model to start from").asOptional());
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of(PortDescription.model("model", "the fitted model"));
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of();
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) {
        return List.of(ModelPortSpec.of(KIND));
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        TablePort in = (TablePort) inputs.get(0);
        Files.createDirectories(context.outputModel(0));
        Files.writeString(context.outputModel(0).resolve("model.json"),
                "{\"trainedOn\": \"" + in.arrowFile().getFileName() + "\", \"base\": " + (inputs.get(1) != null) + "}");
        return List.of(new ModelPort(context.outputModel(0), KIND));
    }

    @Override
    public List<String> summarize(int port, PortObject output, org.apache.arrow.memory.BufferAllocator allocator) {
        return List.of("fitted on a test table");
    }
}
