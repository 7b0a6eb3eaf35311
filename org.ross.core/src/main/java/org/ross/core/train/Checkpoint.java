package org.ross.core.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ross.core.io.FileTrees;
import org.ross.core.io.JsonProblems;
import org.ross.core.model.FloatTensor;
import org.ross.core.model.Safetensors;
import org.ross.core.nn.Parameter;

/**
 * A training checkpoint directory:
 * <ul>
 *   <li>{@code state.json}: format, the config fingerprint, the {@link RunState} (step, epoch,
 *       position in the epoch, best validation loss, patience counter, log rows so far);</li>
 *   <li>{@code weights.safetensors}: every weight of the model;</li>
 *   <li>{@code optimizer.safetensors}: the AdamW moments of the trainable weights, the update
 *       count in its metadata;</li>
 *   <li>{@code best.safetensors}: the weights of the best validation so far, when early stopping
 *       keeps them.</li>
 * </ul>
 * Written completely into a temporary sibling directory, then moved onto the target, so that a
 * failed or cancelled write leaves the previous checkpoint intact.
 */
final class Checkpoint {

    static final String FORMAT = "ross-training-checkpoint";
    static final int FORMAT_VERSION = 1;
    static final String STATE = "state.json";
    static final String WEIGHTS = "weights.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String BEST = "best.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Everything a checkpoint holds; {@code best} is null when no best weights are kept. */
    record Contents(Map<String, String> fingerprint, RunState state, Map<String, FloatTensor> weights,
            Map<String, FloatTensor> optimizer, long optimizerSteps, Map<String, FloatTensor> best) {
    }

    private Checkpoint() {
    }

    static boolean exists(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve(STATE));
    }

    static void write(Path target, Contents c) throws IOException {
        Path dir = target.toAbsolutePath().normalize();
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + dir.getFileName() + ".new-");
        Path retired = parent.resolve("." + dir.getFileName() + ".old-" + staging.getFileName());
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
            root.put("formatVersion", FORMAT_VERSION);
            root.set("fingerprint", JSON.valueToTree(c.fingerprint()));
            root.set("state", c.state().toJson());
            Safetensors.write(staging.resolve(WEIGHTS), c.weights(), Map.of("format", FORMAT));
            Safetensors.write(staging.resolve(OPTIMIZER), c.optimizer(),
                    Map.of("format", FORMAT, "optimizer", "AdamW", "step", Long.toString(c.optimizerSteps())));
            if (c.best() != null) {
                Safetensors.write(staging.resolve(BEST), c.best(), Map.of("format", FORMAT));
            }
            Files.write(staging.resolve(STATE), JSON.writeValueAsBytes(root)); // last: marks the set complete
            boolean hadPrevious = Files.exists(dir);
            if (hadPrevious) {
                FileTrees.move(dir, retired);
            }
            try {
                FileTrees.move(staging, dir);
            } catch (IOException e) {
                if (hadPrevious) {
                    FileTrees.move(retired, dir);
                }
                throw e;
            }
        } finally {
            FileTrees.deleteRecursively(staging);
            FileTrees.deleteRecursively(retired);
        }
    }

    static Contents read(Path dir) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(dir.resolve(STATE).toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(dir + ": " + STATE + " is not valid JSON: " + JsonProblems.message(e), e);
        }
        if (!FORMAT.equals(root.path("format").asText()) || root.path("formatVersion").asInt() != FORMAT_VERSION) {
            throw new IOException(dir + ": " + STATE + " is not a " + FORMAT + " version " + FORMAT_VERSION
                    + "; point the checkpoint directory at an empty folder or one written by this trainer");
        }
        Map<String, String> fingerprint = new LinkedHashMap<>();
        root.path("fingerprint").fields().forEachRemaining(e -> fingerprint.put(e.getKey(), e.getValue().asText()));
        Safetensors.Contents optimizer = Safetensors.read(dir.resolve(OPTIMIZER));
        long steps;
        try {
            steps = Long.parseLong(optimizer.metadata().getOrDefault("step", ""));
        } catch (NumberFormatException e) {
            throw new IOException(dir + ": " + OPTIMIZER + " lacks its step count", e);
        }
        Path best = dir.resolve(BEST);
        return new Contents(fingerprint, RunState.fromJson(root.path("state")),
                Safetensors.read(dir.resolve(WEIGHTS)).tensors(), optimizer.tensors(), steps,
                Files.isRegularFile(best) ? Safetensors.read(best).tensors() : null);
    }

    /** Copies saved values into the live weights (in place), checking names and shapes first. */
    static void load(List<Parameter> parameters, Map<String, FloatTensor> saved, String what) {
        for (Parameter p : parameters) {
            FloatTensor t = saved.get(p.name());
            if (t == null) {
                throw new IllegalArgumentException(what + " lack weight '" + p.name() + "'; they were written "
                        + "for a different model");
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new IllegalArgumentException(what + " hold '" + p.name() + "' with shape "
                        + Arrays.toString(t.shape()) + ", the model expects " + Arrays.toString(p.shape()));
            }
        }
        if (saved.size() != parameters.size()) {
            throw new IllegalArgumentException(what + " hold " + saved.size() + " weights, the model has "
                    + parameters.size() + "; they were written for a different model");
        }
        for (Parameter p : parameters) {
            p.array().set(saved.get(p.name()).data()); // in place: outside gradient recording
        }
    }

}
