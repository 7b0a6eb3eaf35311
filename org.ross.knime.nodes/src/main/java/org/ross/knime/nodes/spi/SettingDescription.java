package org.ross.knime.nodes.spi;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One setting of a node type: key, type, default, bounds (numbers) or choices, and a sentence for
 * the user. Values arrive raw (JSON numbers, strings and booleans, or strings from the command
 * line) and {@link #convert} turns them into the setting's Java type: Integer, Long, Double,
 * Boolean or String.
 */
public record SettingDescription(String key, SettingType type, Object defaultValue, Number min,
        Number max, List<String> choices, String description) {

    private static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]*");

    public SettingDescription {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("setting key must be lowerCamelCase letters and"
                    + " digits, found '" + key + "'");
        }
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (type == SettingType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice setting '" + key + "' needs choices");
        }
        if (min != null && max != null && min.doubleValue() > max.doubleValue()) {
            throw new IllegalArgumentException("setting '" + key + "': min " + min + " > max " + max);
        }
        try {
            defaultValue = convert(type, min, max, choices, defaultValue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("default of setting '" + key + "': " + e.getMessage(), e);
        }
    }

    public static SettingDescription intSetting(String key, int defaultValue, int min, int max,
            String description) {
        return new SettingDescription(key, SettingType.INT, defaultValue, min, max, null, description);
    }

    public static SettingDescription longSetting(String key, long defaultValue, long min, long max,
            String description) {
        return new SettingDescription(key, SettingType.LONG, defaultValue, min, max, null, description);
    }

    public static SettingDescription doubleSetting(String key, double defaultValue, double min,
            double max, String description) {
        return new SettingDescription(key, SettingType.DOUBLE, defaultValue, min, max, null, description);
    }

    public static SettingDescription booleanSetting(String key, boolean defaultValue, String description) {
        return new SettingDescription(key, SettingType.BOOLEAN, defaultValue, null, null, null, description);
    }

    public static SettingDescription stringSetting(String key, String defaultValue, String description) {
        return new SettingDescription(key, SettingType.STRING, defaultValue, null, null, null, description);
    }

    public static SettingDescription choiceSetting(String key, String defaultValue,
            List<String> choices, String description) {
        return new SettingDescription(key, SettingType.CHOICE, defaultValue, null, null, choices, description);
    }

    /** A choice among the constant names of an enum; read it back with {@link Settings#getEnum}. */
    public static <E extends Enum<E>> SettingDescription enumSetting(String key, E defaultValue,
            String description) {
        List<String> names = Arrays.stream(defaultValue.getDeclaringClass().getEnumConstants())
                .map(Enum::name).toList();
        return choiceSetting(key, defaultValue.name(), names, description);
    }

    /** What a valid value looks like: "an integer in [1, 100000]", "one of [a, b]". */
    public String expected() {
        return expected(type, min, max, choices);
    }

    /**
     * The raw value as this setting's Java type.
     *
     * @throws IllegalArgumentException "expects ..., found ..." when the value does not fit
     */
    public Object convert(Object raw) {
        return convert(type, min, max, choices, raw);
    }

    private static Object convert(SettingType type, Number min, Number max, List<String> choices,
            Object raw) {
        if (raw == null) {
            throw mismatch(type, min, max, choices, raw);
        }
        Object value = switch (type) {
            case INT, LONG -> {
                Long v = asLong(raw);
                if (v == null || (type == SettingType.INT && v.intValue() != v)) {
                    throw mismatch(type, min, max, choices, raw);
                }
                yield type == SettingType.INT ? (Object) v.intValue() : (Object) v;
            }
            case DOUBLE -> {
                Double v = asDouble(raw);
                if (v == null || !Double.isFinite(v)) {
                    throw mismatch(type, min, max, choices, raw);
                }
                yield v;
            }
            case BOOLEAN -> {
                Boolean v = asBoolean(raw);
                if (v == null) {
                    throw mismatch(type, min, max, choices, raw);
                }
                yield v;
            }
            case STRING -> {
                if (!(raw instanceof String s)) {
                    throw mismatch(type, min, max, choices, raw);
                }
                yield s;
            }
            case CHOICE -> {
                String choice = raw instanceof String s ? matchChoice(choices, s) : null;
                if (choice == null) {
                    throw mismatch(type, min, max, choices, raw);
                }
                yield choice;
            }
        };
        if (value instanceof Number n && !inBounds(type, n, min, max)) {
            throw mismatch(type, min, max, choices, raw);
        }
        return value;
    }

    /**
     * The declared choice a typed value means, or null. Surrounding spaces are ignored; then an exact
     * match wins, else the one choice equal to the value ignoring case ("ross_d" is ROSS_D, as "TRUE" is
     * true for a boolean). Choices that differ only in case need the exact spelling.
     */
    private static String matchChoice(List<String> choices, String raw) {
        String value = raw.strip();
        if (choices.contains(value)) {
            return value;
        }
        List<String> matches = choices.stream().filter(c -> c.equalsIgnoreCase(value)).toList();
        return matches.size() == 1 ? matches.get(0) : null;
    }

    private static boolean inBounds(SettingType type, Number n, Number min, Number max) {
        if (type == SettingType.DOUBLE) {
            return (min == null || n.doubleValue() >= min.doubleValue())
                    && (max == null || n.doubleValue() <= max.doubleValue());
        }
        return (min == null || n.longValue() >= min.longValue())
                && (max == null || n.longValue() <= max.longValue());
    }

    /** A boolean, or "true"/"false" in any case with surrounding spaces; null for anything else. */
    private static Boolean asBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = raw instanceof String t ? t.strip() : "";
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        return null;
    }

    /** An integral value as a long, or null (1.5, "abc", true, out of long range). */
    private static Long asLong(Object raw) {
        BigDecimal d = asDecimal(raw);
        if (d == null) {
            return null;
        }
        try {
            return d.stripTrailingZeros().scale() > 0 ? null : d.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static Double asDouble(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        BigDecimal d = asDecimal(raw);
        return d == null ? null : d.doubleValue();
    }

    private static BigDecimal asDecimal(Object raw) {
        try {
            if (raw instanceof String s) {
                return new BigDecimal(s.trim());
            }
            if (raw instanceof Double || raw instanceof Float) {
                double v = ((Number) raw).doubleValue();
                return Double.isFinite(v) ? BigDecimal.valueOf(v) : null;
            }
            if (raw instanceof Number n) {
                return new BigDecimal(n.toString());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static IllegalArgumentException mismatch(SettingType type, Number min, Number max,
            List<String> choices, Object raw) {
        return new IllegalArgumentException("expected " + expected(type, min, max, choices)
                + ", found " + show(raw));
    }

    private static String expected(SettingType type, Number min, Number max, List<String> choices) {
        return switch (type) {
            case CHOICE -> "one of " + choices;
            case INT, LONG, DOUBLE -> type.expected() + range(min, max);
            default -> type.expected();
        };
    }

    private static String range(Number min, Number max) {
        if (min == null && max == null) {
            return "";
        }
        return " in [" + (min == null ? "-inf" : min) + ", " + (max == null ? "inf" : max) + "]";
    }

    private static String show(Object raw) {
        if (raw == null) {
            return "nothing (null)";
        }
        if (raw instanceof String s) {
            return "\"" + s + "\"";
        }
        if (raw instanceof Number || raw instanceof Boolean) {
            return raw.toString();
        }
        if (raw instanceof List<?> list) {
            return "a list of " + list.size() + (list.size() == 1 ? " value" : " values");
        }
        if (raw instanceof Map<?, ?>) {
            return "an object";
        }
        return raw.toString() + " (" + raw.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")";
    }
}
