package org.ross.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A benchmark's command-line options: switches ({@code --quick}) and {@code --name value} pairs.
 * An option the benchmark does not know fails with the list of those it does.
 */
final class Flags {

    private final Map<String, String> values;
    private final List<String> switchesGiven;

    private Flags(Map<String, String> values, List<String> switchesGiven) {
        this.values = values;
        this.switchesGiven = switchesGiven;
    }

    static Flags parse(String[] args, List<String> switches, List<String> names) {
        Map<String, String> values = new HashMap<>();
        List<String> given = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : args[i];
            if (switches.contains(name)) {
                given.add(name);
            } else if (names.contains(name) && i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                TreeSet<String> known = new TreeSet<>(switches);
                known.addAll(names);
                throw new IllegalArgumentException("unknown or incomplete option '" + args[i] + "'; options: --"
                        + String.join(", --", known) + " (each but a switch takes a value)");
            }
        }
        return new Flags(values, given);
    }

    boolean has(String switchName) {
        return switchesGiven.contains(switchName);
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    double number(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
    }
}
