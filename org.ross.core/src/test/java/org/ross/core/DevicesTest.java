package org.ross.core;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevicesTest {

    @Test
    void cpuAndAutoResolve() {
        assertEquals(Device.cpu(), Devices.resolve("cpu"));
        assertEquals(Device.cpu(), Devices.resolve(" CPU "));
        Device auto = Devices.resolve("auto");
        boolean gpu = Engine.getEngine("PyTorch").getGpuCount() > 0;
        assertEquals(gpu ? Device.gpu() : Device.cpu(), auto);
    }

    @Test
    void gpuWithoutGpuFailsClearly() {
        if (Engine.getEngine("PyTorch").getGpuCount() > 0) {
            assertEquals(Device.gpu(), Devices.resolve("gpu"));
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("gpu"));
        assertEquals("device=gpu but no GPU is visible to the PyTorch engine; use auto or cpu", e.getMessage());
    }

    @Test
    void unknownSettingListsTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("auto, cpu, gpu"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Devices.resolve(null));
    }
}
