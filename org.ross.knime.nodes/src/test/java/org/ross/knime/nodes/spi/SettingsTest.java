package org.ross.knime.nodes.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    enum Objective { TEXT_ONLY, ROSS_R, ROSS_D }

    private static final String NODE = "node 'tok' (image-tokenizer)";

    private static final List<SettingDescription> DECLARED = List.of(
            SettingDescription.intSetting("epochs", 10, 1, 100_000, "training epochs"),
            SettingDescription.longSetting("seed", 42L, 0L, Long.MAX_VALUE, "random seed"),
            SettingDescription.doubleSetting("lambda", 1.0, 0.0, 100.0, "visual loss weight"),
            SettingDescription.booleanSetting("freeze", false, "freeze the encoder"),
            SettingDescription.stringSetting("device", "auto", "device"),
            SettingDescription.enumSetting("objective", Objective.ROSS_D, "training objective"));

    private static Settings parse(Map<String, ?> raw) throws InvalidSettingsException {
        return Settings.parse(NODE, DECLARED, raw);
    }

    @Test
    void missingKeysTakeTheirDefaults() throws Exception {
        Settings s = parse(Map.of());
        assertEquals(10, s.getInt("epochs"));
        assertEquals(42L, s.getLong("seed"));
        assertEquals(1.0, s.getDouble("lambda"));
        assertEquals(false, s.getBoolean("freeze"));
        assertEquals("auto", s.getString("device"));
        assertEquals(Objective.ROSS_D, s.getEnum("objective", Objective.class));
    }

    @Test
    void jsonValuesAreConvertedToTheSettingType() throws Exception {
        Settings s = parse(Map.of("epochs", 3, "seed", 7, "lambda", 2, "freeze", true,
                "device", "cpu", "objective", "TEXT_ONLY"));
        assertEquals(3, s.getInt("epochs"));
        assertEquals(7L, s.getLong("seed"));
        assertEquals(2.0, s.getDouble("lambda"));
        assertTrue(s.getBoolean("freeze"));
        assertEquals("cpu", s.getString("device"));
        assertEquals("TEXT_ONLY", s.getChoice("objective"));
    }

    @Test
    void commandLineStringsAreParsed() throws Exception {
        Settings s = parse(Map.of("epochs", "12", "seed", " 9 ", "lambda", "0.5", "freeze", "TRUE"));
        assertEquals(12, s.getInt("epochs"));
        assertEquals(9L, s.getLong("seed"));
        assertEquals(0.5, s.getDouble("lambda"));
        assertTrue(s.getBoolean("freeze"));
        assertEquals(false, parse(Map.of("freeze", " False ")).getBoolean("freeze"));
    }

    @Test
    void integralDoublesAreAcceptedAsIntegers() throws Exception {
        assertEquals(5, parse(Map.of("epochs", 5.0)).getInt("epochs"));
    }

    @Test
    void boundsAreInclusive() throws Exception {
        assertEquals(1, parse(Map.of("epochs", 1)).getInt("epochs"));
        assertEquals(100_000, parse(Map.of("epochs", 100_000)).getInt("epochs"));
        assertEquals(0.0, parse(Map.of("lambda", 0)).getDouble("lambda"));
    }

    @Test
    void outOfBoundsNamesNodeSettingExpectedAndFound() {
        var e = assertThrows(InvalidSettingsException.class, () -> parse(Map.of("epochs", 0)));
        assertEquals(NODE + ": setting 'epochs' expected an integer in [1, 100000], found 0",
                e.getMessage());
        e = assertThrows(InvalidSettingsException.class, () -> parse(Map.of("lambda", "100.5")));
        assertEquals(NODE + ": setting 'lambda' expected a number in [0.0, 100.0], found \"100.5\"",
                e.getMessage());
    }

    @Test
    void notANumberIsRejected() {
        var e = assertThrows(InvalidSettingsException.class, () -> parse(Map.of("epochs", "ten")));
        assertEquals(NODE + ": setting 'epochs' expected an integer in [1, 100000], found \"ten\"",
                e.getMessage());
        assertThrows(InvalidSettingsException.class, () -> parse(Map.of("epochs", 2.5)));
        assertThrows(InvalidSettingsException.class, () -> parse(Map.of("epochs", true)));
        assertThrows(InvalidSettingsException.class, () -> parse(Map.of("epochs", "3000000000")));
        assertThrows(InvalidSettingsException.class, () -> parse(Map.of("lambda", "NaN")));
        assertThrows(InvalidSettingsException.class, () -> parse(Map.of("freeze", "yes")));
        assertThrows(InvalidSettingsException.class, () -> parse(Map.of("device", 3)));
    }

    @Test
    void aListOrObjectIsNamedAsSuch() {
        var e = assertThrows(InvalidSettingsException.class, () -> parse(Map.of("epochs", List.of(3, 4))));
        assertEquals(NODE + ": setting 'epochs' expected an integer in [1, 100000], found a list of 2 values",
                e.getMessage());
        e = assertThrows(InvalidSettingsException.class, () -> parse(Map.of("lambda", Map.of("value", 1))));
        assertEquals(NODE + ": setting 'lambda' expected a number in [0.0, 100.0], found an object", e.getMessage());
    }

    @Test
    void notAChoiceListsTheChoices() {
        var e = assertThrows(InvalidSettingsException.class, () -> parse(Map.of("objective", "ross-d")));
        assertEquals(NODE + ": setting 'objective' expected one of [TEXT_ONLY, ROSS_R, ROSS_D],"
                + " found \"ross-d\"", e.getMessage());
    }

    @Test
    void aChoiceIsMatchedIgnoringCaseAndKeptAsDeclared() throws Exception {
        assertEquals("ROSS_D", parse(Map.of("objective", "ross_d")).getChoice("objective"));
        assertEquals(Objective.TEXT_ONLY, parse(Map.of("objective", " Text_Only ")).getEnum("objective",
                Objective.class));
        assertEquals("ROSS_R", parse(Map.of("objective", "ross_R")).values().get("objective"));
    }

    @Test
    void choicesDifferingOnlyInCaseNeedTheExactSpelling() throws Exception {
        List<SettingDescription> declared = List.of(
                SettingDescription.choiceSetting("mode", "a", List.of("a", "A", "b"), "x"));
        assertEquals("A", Settings.parse(NODE, declared, Map.of("mode", "A")).getChoice("mode"));
        assertEquals("a", Settings.parse(NODE, declared, Map.of("mode", " a")).getChoice("mode"));
        assertEquals("b", Settings.parse(NODE, declared, Map.of("mode", "B")).getChoice("mode"));
        List<SettingDescription> twoInCase = List.of(
                SettingDescription.choiceSetting("mode", "ab", List.of("ab", "AB"), "x"));
        var e = assertThrows(InvalidSettingsException.class,
                () -> Settings.parse(NODE, twoInCase, Map.of("mode", "Ab")));
        assertEquals(NODE + ": setting 'mode' expected one of [ab, AB], found \"Ab\"", e.getMessage());
    }

    @Test
    void unknownKeyListsKnownKeys() {
        var e = assertThrows(InvalidSettingsException.class, () -> parse(Map.of("epoch", 3)));
        assertEquals(NODE + ": unknown setting 'epoch'; known settings: epochs, seed, lambda,"
                + " freeze, device, objective", e.getMessage());
    }

    @Test
    void gettersCheckKeyAndType() throws Exception {
        Settings s = parse(Map.of());
        var e = assertThrows(IllegalArgumentException.class, () -> s.getInt("seed"));
        assertEquals("setting 'seed' is long, not int", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.getInt("nope"));
    }

    @Test
    void valuesAreImmutableAndInDeclarationOrder() throws Exception {
        Settings s = parse(Map.of("epochs", 3));
        assertEquals(List.of("epochs", "seed", "lambda", "freeze", "device", "objective"),
                List.copyOf(s.values().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> s.values().put("epochs", 4));
    }

    @Test
    void declarationsCheckTheirDefault() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SettingDescription.intSetting("epochs", 0, 1, 10, "x"));
        assertEquals("default of setting 'epochs': expected an integer in [1, 10], found 0", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SettingDescription.choiceSetting("mode", "c", List.of("a", "b"), "x"));
        assertThrows(IllegalArgumentException.class,
                () -> SettingDescription.intSetting("Bad-Key", 1, 1, 10, "x"));
    }
}
