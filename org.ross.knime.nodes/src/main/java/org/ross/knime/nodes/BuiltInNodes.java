package org.ross.knime.nodes;

import java.util.List;
import org.ross.knime.nodes.export.TableFileWriterNode;
import org.ross.knime.nodes.sources.FashionMnistReaderNode;
import org.ross.knime.nodes.sources.ImageFolderReaderNode;
import org.ross.knime.nodes.sources.LlavaJsonReaderNode;
import org.ross.knime.nodes.sources.SortOfClevrNode;
import org.ross.knime.nodes.scorer.ReconstructionScorerNode;
import org.ross.knime.nodes.tokenizer.ImageTokenizerNode;
import org.ross.knime.nodes.vqa.VqaPredictorNode;
import org.ross.knime.nodes.tuner.ReconstructiveTunerNode;
import java.util.function.Supplier;
import org.ross.knime.nodes.spi.NodeRegistry;
import org.ross.knime.nodes.spi.RossNode;

/**
 * The node types this bundle ships. Add a node by adding its constructor reference to
 * {@link #FACTORIES}; the runtime and the KNIME binding both read this list.
 */
public final class BuiltInNodes {

    /** One factory per node type, in the order `ross nodes` lists them. */
    private static final List<Supplier<RossNode>> FACTORIES = List.of(
            SortOfClevrNode::new,
            FashionMnistReaderNode::new,
            ImageFolderReaderNode::new,
            LlavaJsonReaderNode::new,
            ImageTokenizerNode::new,
            ReconstructiveTunerNode::new,
            VqaPredictorNode::new,
            ReconstructionScorerNode::new,
            TableFileWriterNode::new);

    private BuiltInNodes() {
    }

    public static NodeRegistry registry() {
        return NodeRegistry.of(FACTORIES.stream().map(Supplier::get).toList());
    }
}
