package org.ross.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class TensorsTest {

    /**
     * The backward pass of {@code x * 3} reads the scalar 3 again. Between forward and backward the
     * garbage collector runs and freed native memory is handed out again, filled with NaN; the
     * gradient must still be exactly 3. (With DJL's {@code x.mul(3f)} the scalar's buffer is freed
     * here and the gradient comes out as NaN or another stale value.)
     */
    @Test
    void timesKeepsItsScalarForTheBackwardPassAcrossGarbageCollection() throws Exception {
        assertGradientSurvives(Tensors::times);
    }

    static void assertGradientSurvives(BiFunction<NDArray, Float, NDArray> times) throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(4));
            x.setRequiresGradient(true);
            try (GradientCollector c = m.getEngine().newGradientCollector()) {
                NDArray y = times.apply(x, 3f).sum();
                List<ByteBuffer> reused = collectAndReuseNativeMemory();
                c.backward(y);
                reused.clear(); // held until the backward pass has run
            }
            assertArrayEquals(new float[] {3, 3, 3, 3}, x.getGradient().toFloatArray());
        }
    }

    /** Runs the collector until freed direct buffers are released, then reallocates small buffers of NaN. */
    static List<ByteBuffer> collectAndReuseNativeMemory() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20); // the cleaner thread frees direct buffers after the collection
        }
        List<ByteBuffer> reuse = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder());
            b.putFloat(0, Float.NaN);
            reuse.add(b);
        }
        return reuse;
    }
}
