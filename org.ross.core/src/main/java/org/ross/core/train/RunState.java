package org.ross.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a run stands between optimizer steps. With the weights and the optimizer state this is
 * all a resumed run needs: data order and noise are functions of (seed, epoch) and (seed, step)
 * ({@link TrainingRandom}).
 */
final class RunState {

    /** Optimizer steps done. */
    long step;
    /** The current epoch, 0-based. */
    int epoch;
    /** Examples of the current epoch's order already consumed; equal to the epoch size once it is done. */
    int position;
    int epochsCompleted;
    double bestValidationLoss = Double.POSITIVE_INFINITY;
    int epochsWithoutImprovement;
    boolean earlyStopped;
    boolean finished;
    /** Wall-clock seconds of earlier sessions. */
    double seconds;
    Map<String, Double> finalValidation = new TreeMap<>();
    Map<String, Double> bestValidation = new TreeMap<>();
    TrainingLog log = new TrainingLog();

    ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("step", step);
        o.put("epoch", epoch);
        o.put("position", position);
        o.put("epochsCompleted", epochsCompleted);
        putNumber(o, "bestValidationLoss", bestValidationLoss);
        o.put("epochsWithoutImprovement", epochsWithoutImprovement);
        o.put("earlyStopped", earlyStopped);
        o.put("finished", finished);
        o.put("seconds", seconds);
        o.set("finalValidation", metrics(finalValidation));
        o.set("bestValidation", metrics(bestValidation));
        ArrayNode rows = o.putArray("log");
        for (TrainingLog.Row r : log.rows()) {
            ObjectNode row = rows.addObject();
            row.put("step", r.step());
            row.put("epoch", r.epoch());
            putNumber(row, "loss_text", r.lossText());
            putNumber(row, "loss_visual", r.lossVisual());
            putNumber(row, "loss_total", r.lossTotal());
            putNumber(row, "lr", r.lr());
            row.put("grad_norm", Double.toString(r.gradNorm())); // a string: JSON has no NaN or infinity
            putNumber(row, "val_loss", r.valLoss());
            putNumber(row, "val_accuracy", r.valAccuracy());
            putNumber(row, "seconds", r.seconds());
        }
        return o;
    }

    static RunState fromJson(JsonNode o) {
        RunState s = new RunState();
        s.step = o.path("step").asLong();
        s.epoch = o.path("epoch").asInt();
        s.position = o.path("position").asInt();
        s.epochsCompleted = o.path("epochsCompleted").asInt();
        s.bestValidationLoss = number(o, "bestValidationLoss", Double.POSITIVE_INFINITY);
        s.epochsWithoutImprovement = o.path("epochsWithoutImprovement").asInt();
        s.earlyStopped = o.path("earlyStopped").asBoolean();
        s.finished = o.path("finished").asBoolean();
        s.seconds = o.path("seconds").asDouble();
        s.finalValidation = metrics(o.path("finalValidation"));
        s.bestValidation = metrics(o.path("bestValidation"));
        for (JsonNode r : o.path("log")) {
            s.log.add(new TrainingLog.Row(r.path("step").asLong(), r.path("epoch").asInt(),
                    number(r, "loss_text", Double.NaN), number(r, "loss_visual", Double.NaN),
                    number(r, "loss_total", Double.NaN), number(r, "lr", Double.NaN),
                    Double.parseDouble(r.path("grad_norm").asText("NaN")),
                    number(r, "val_loss", Double.NaN), number(r, "val_accuracy", Double.NaN),
                    number(r, "seconds", Double.NaN)));
        }
        return s;
    }

    /** JSON has no NaN or infinity: such values are written as null and read back as {@code absent}. */
    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static double number(JsonNode o, String key, double absent) {
        JsonNode n = o.path(key);
        return n.isNumber() ? n.asDouble() : absent;
    }

    private static ObjectNode metrics(Map<String, Double> m) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        m.forEach((k, v) -> putNumber(o, k, v));
        return o;
    }

    private static Map<String, Double> metrics(JsonNode o) {
        Map<String, Double> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN);
        }
        return m;
    }
}
