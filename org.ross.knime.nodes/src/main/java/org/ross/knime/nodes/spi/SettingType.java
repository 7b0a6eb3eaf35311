package org.ross.knime.nodes.spi;

/** The value types a node setting can have. */
public enum SettingType {
    INT("an integer"),
    LONG("an integer"),
    DOUBLE("a number"),
    BOOLEAN("true or false"),
    STRING("a string"),
    CHOICE("one of the choices");

    private final String expected;

    SettingType(String expected) {
        this.expected = expected;
    }

    /** How an error message names a valid value: "an integer", "a number", ... */
    public String expected() {
        return expected;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
