package org.ross.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.ProgressMonitor;
import org.ross.core.train.LinearToyModel.ToyData;

/**
 * Every array a run creates is freed by the end of it: the engine-wide count of live arrays (the
 * system manager holds every base manager, and through them every scope) is the same before and
 * after 500 optimizer steps with validation and checkpoints. An unclosed scope, a gradient handle
 * left in the weights' manager, or optimizer temporaries would each leave arrays behind.
 */
class NativeMemoryTest {

    @TempDir
    Path dir;

    @Test
    void fiveHundredStepsLeaveNoArrayBehind() throws Exception {
        try (LinearToyModel model = new LinearToyModel(3, 0.3f, 1)) {
            NDManager weights = model.weight.array().getManager();
            NDManager system = weights.getParentManager();
            int systemBefore = system.getManagedArrays().size();
            int weightsBefore = weights.getManagedArrays().size();
            TrainerConfig c = TrainerConfig.defaults().withBatchSize(2).withEpochs(125).withLearningRate(0.01)
                    .withCheckpointEvery(100).withEarlyStoppingPatience(1000);
            TrainingResult r = new Trainer<LinearToyModel.Batch>().train(model, new ToyData(8, 3, 5, 1),
                    new ToyData(2, 3, 6, 1), c, dir.resolve("ckpt"), ProgressMonitor.NONE);
            assertEquals(500, r.steps());
            assertEquals(weightsBefore, weights.getManagedArrays().size(), "arrays in the weights' manager");
            assertEquals(systemBefore, system.getManagedArrays().size(), "arrays alive in the engine");
        }
    }
}
