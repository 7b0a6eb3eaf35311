package org.ross.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.table.Allocators;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.train.TrainingLog;
import org.ross.knime.nodes.BuiltInNodes;
import org.ross.runtime.exec.CancelToken;
import org.ross.runtime.exec.ExecutionListener;
import org.ross.runtime.exec.RunResult;
import org.ross.runtime.exec.WorkflowExecutor;
import org.ross.runtime.workflow.WorkflowCompiler;
import org.ross.runtime.workflow.WorkflowFile;

/** Sort-of-CLEVR -> Image Tokenizer -> Reconstructive Tuner, end to end on the tiny preset. */
class TunerWorkflowTest {

    private static final String WORKFLOW = "{'name': 'tune', 'nodes': ["
            + "{'id': 'clevr', 'type': 'sort-of-clevr', 'settings': {'images': 6, 'imageSize': 32, 'questionsPerType': 2, 'seed': 3}},"
            + "{'id': 'tok', 'type': 'image-tokenizer', 'settings': {'imageSize': 32, 'downsampling': 4, 'latentChannels': 4,"
            + "  'baseWidth': 8, 'epochs': 1, 'batchSize': 6, 'device': 'cpu'}},"
            + "{'id': 'tuner', 'type': 'reconstructive-tuner', 'settings': {'preset': 'tiny', 'epochs': 2, 'batchSize': 8,"
            + "  'validationFraction': 0.2, 'checkpointEvery': 2, 'device': 'cpu'}}],"
            + "'connections': [{'from': 'clevr.0', 'to': 'tok.0'}, {'from': 'tok.latents', 'to': 'tuner.examples'}]}";

    @TempDir
    Path out;

    @Test
    void theTunerTrainsOnTokenizedSortOfClevrAndWritesModelCurveAndLog() throws Exception {
        var compiled = new WorkflowCompiler(BuiltInNodes.registry())
                .compile(WorkflowFile.parse(WORKFLOW.replace('\'', '"')), Map.of());
        RunResult result = new WorkflowExecutor(ExecutionListener.NONE, new CancelToken()).run(compiled, out);

        Path model = out.resolve("tuner/model");
        assertTrue(Files.isRegularFile(model.resolve("model.json")));
        assertTrue(Files.isRegularFile(model.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(model.resolve("loss-curve.png")));
        // 6 images x 4 questions; 1 image (4 rows) held out -> 20 training rows -> 3 steps per epoch
        List<Long> steps = new ArrayList<>();
        List<Double> validation = new ArrayList<>();
        try (BufferAllocator allocator = Allocators.newRoot();
             TableReader log = TableReader.open(out.resolve("tuner/log.arrow"), allocator)) {
            assertEquals(TrainingLog.SPEC, log.spec());
            for (Iterator<Row> it = log.rows(); it.hasNext(); ) {
                Row row = it.next();
                steps.add(row.int64(0));
                validation.add(row.float64(7));
            }
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), steps);
        assertTrue(!validation.get(2).isNaN() && !validation.get(5).isNaN(), "validation after each epoch: " + validation);
        assertTrue(Files.isDirectory(out.resolve(".work/tuner")), "the tuner's work directory");
        assertTrue(!Files.exists(out.resolve(".work/tuner/checkpoints")), "a finished run removes its checkpoint");
        assertEquals(3, result.nodes().size());
    }
}
