package org.ross.knime.nodes.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The validated, immutable settings of one node: every declared setting has a value of its type
 * (the given one or the default). Built once at the edge with {@link #parse}; nodes read them
 * with typed getters and convert them into an engine config record.
 */
public final class Settings {

    private final Map<String, SettingDescription> descriptions;
    private final Map<String, Object> values;

    private Settings(Map<String, SettingDescription> descriptions, Map<String, Object> values) {
        this.descriptions = descriptions;
        this.values = values;
    }

    /**
     * Validates raw values (JSON numbers, strings, booleans; or strings from the command line)
     * against the declared settings; missing keys take their default, a null value means default.
     *
     * @param nodeLabel how messages name the node, e.g. {@code node 'tok' (image-tokenizer)}
     * @throws InvalidSettingsException for an unknown key (listing the known ones) or a value that
     *                                  does not fit (naming the setting, expected and found)
     */
    public static Settings parse(String nodeLabel, List<SettingDescription> declared,
            Map<String, ?> raw) throws InvalidSettingsException {
        Map<String, SettingDescription> byKey = new LinkedHashMap<>();
        declared.forEach(d -> byKey.put(d.key(), d));
        for (String key : raw.keySet()) {
            if (!byKey.containsKey(key)) {
                throw new InvalidSettingsException(nodeLabel + ": unknown setting '" + key + "'; "
                        + (byKey.isEmpty() ? "this node has no settings"
                                : "known settings: " + String.join(", ", byKey.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (SettingDescription d : byKey.values()) {
            Object given = raw.get(d.key());
            if (given == null) {
                values.put(d.key(), d.defaultValue());
                continue;
            }
            try {
                values.put(d.key(), d.convert(given));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(nodeLabel + ": setting '" + d.key() + "' "
                        + e.getMessage());
            }
        }
        return new Settings(byKey, java.util.Collections.unmodifiableMap(values));
    }

    /** All settings at their defaults. */
    public static Settings defaults(List<SettingDescription> declared) {
        Map<String, SettingDescription> byKey = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (SettingDescription d : declared) {
            byKey.put(d.key(), d);
            values.put(d.key(), d.defaultValue());
        }
        return new Settings(byKey, java.util.Collections.unmodifiableMap(values));
    }

    public int getInt(String key) {
        return (Integer) get(key, SettingType.INT);
    }

    public long getLong(String key) {
        return (Long) get(key, SettingType.LONG);
    }

    public double getDouble(String key) {
        return (Double) get(key, SettingType.DOUBLE);
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key, SettingType.BOOLEAN);
    }

    public String getString(String key) {
        return (String) get(key, SettingType.STRING);
    }

    /** The chosen value of a CHOICE setting. */
    public String getChoice(String key) {
        return (String) get(key, SettingType.CHOICE);
    }

    /** A CHOICE setting declared with {@link SettingDescription#enumSetting}. */
    public <E extends Enum<E>> E getEnum(String key, Class<E> type) {
        return Enum.valueOf(type, getChoice(key));
    }

    /** Key to typed value, in declaration order. */
    public Map<String, Object> values() {
        return values;
    }

    private Object get(String key, SettingType type) {
        SettingDescription d = descriptions.get(key);
        if (d == null) {
            throw new IllegalArgumentException("no setting '" + key + "'; known settings: "
                    + String.join(", ", descriptions.keySet()));
        }
        if (d.type() != type) {
            throw new IllegalArgumentException("setting '" + key + "' is " + d.type().label()
                    + ", not " + type.label());
        }
        return values.get(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && values.equals(s.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
