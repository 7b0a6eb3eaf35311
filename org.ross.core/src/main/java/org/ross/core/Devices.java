package org.ross.core;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Locale;

/** Turns a node's device setting into a DJL {@link Device}. */
public final class Devices {

    /** The accepted settings, in the order a user sees them. */
    public static final String CHOICES = "auto, cpu, gpu";

    private Devices() {
    }

    /**
     * {@code auto}: the first GPU when the PyTorch engine sees one, else the CPU; {@code cpu};
     * {@code gpu}: the first GPU, failing clearly when there is none. Case and surrounding blanks
     * are ignored.
     */
    public static Device resolve(String setting) {
        if (setting == null) {
            throw new IllegalArgumentException("device setting is missing; expected one of " + CHOICES);
        }
        String s = setting.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpuCount() == 0) {
                    throw new IllegalArgumentException(
                            "device=gpu but no GPU is visible to the PyTorch engine; use auto or cpu");
                }
                return Device.gpu();
            case "auto":
                return gpuCount() > 0 ? Device.gpu() : Device.cpu();
            default:
                throw new IllegalArgumentException(
                        "device is '" + setting + "'; expected one of " + CHOICES);
        }
    }

    private static int gpuCount() {
        return Engine.getEngine("PyTorch").getGpuCount();
    }
}
