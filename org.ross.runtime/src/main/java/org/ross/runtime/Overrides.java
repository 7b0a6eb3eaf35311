package org.ross.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ross.runtime.workflow.WorkflowException;

/** {@code --set node.setting=value} arguments, parsed into node id to setting key to raw value. */
final class Overrides {

    private Overrides() {
    }

    static Map<String, Map<String, String>> parse(List<String> assignments) throws WorkflowException {
        Map<String, Map<String, String>> byNode = new LinkedHashMap<>();
        for (String a : assignments) {
            int dot = a.indexOf('.');
            int eq = a.indexOf('=');
            if (dot <= 0 || eq < dot + 2) {
                throw new WorkflowException("--set " + a + ": expected NODE.SETTING=VALUE,"
                        + " for example --set tok.epochs=5");
            }
            byNode.computeIfAbsent(a.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(a.substring(dot + 1, eq), a.substring(eq + 1));
        }
        return byNode;
    }
}
