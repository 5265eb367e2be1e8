package io.msgframe.protocol.config;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigTableTest {
    enum Color { RED, GREEN }

    static final ConfigKey<Integer> PORT = ConfigKey.ofInt("listenPort", 10911, 1, 65535, "port", "listenPort");
    static final ConfigKey<Long> BYTES = ConfigKey.ofLong("maxBytes", 1L << 32, 0, Long.MAX_VALUE, "bytes", "maxSize");
    static final ConfigKey<Double> RATIO = ConfigKey.ofDouble("ratio", 0.5, 0.1, 0.9, "a ratio", null);
    static final ConfigKey<Boolean> ENABLED = ConfigKey.ofBoolean("enabled", false, "switch", "isEnabled");
    static final ConfigKey<String> NAME = ConfigKey.ofString("name", "broker-a", "the name", "brokerName");
    static final ConfigKey<Color> COLOR = ConfigKey.ofEnum("color", Color.class, Color.RED,
            s -> Color.valueOf(s.trim().toUpperCase()), "a color", null);

    static final ConfigTable TABLE = new ConfigTable("test", List.of(PORT, BYTES, RATIO, ENABLED, NAME, COLOR));

    @Test
    void keysNotGivenHaveTheirDefaultsAndAreNotSet() {
        ConfigValues v = TABLE.parse(Map.of(), false);
        assertThat(v.get(PORT)).isEqualTo(10911);
        assertThat(v.get(BYTES)).isEqualTo(1L << 32);
        assertThat(v.get(RATIO)).isEqualTo(0.5);
        assertThat(v.get(ENABLED)).isFalse();
        assertThat(v.get(NAME)).isEqualTo("broker-a");
        assertThat(v.get(COLOR)).isEqualTo(Color.RED);
        assertThat(v.isSet(PORT)).isFalse();
    }

    @Test
    void valuesAreParsedTrimmedAndTypedByNameOrAlias() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("listenPort", " 8080 ");
        raw.put("maxSize", "123456789012");
        raw.put("ratio", "0.25");
        raw.put("isEnabled", "TRUE");
        raw.put("brokerName", "  b1 ");
        raw.put("color", "green");

        ConfigValues v = TABLE.parse(raw, false);

        assertThat(v.get(PORT)).isEqualTo(8080);
        assertThat(v.get(BYTES)).isEqualTo(123456789012L);
        assertThat(v.get(RATIO)).isEqualTo(0.25);
        assertThat(v.get(ENABLED)).isTrue();
        assertThat(v.get(NAME)).isEqualTo("b1");
        assertThat(v.get(COLOR)).isEqualTo(Color.GREEN);
        assertThat(v.isSet(PORT)).isTrue();
        assertThat(v.isSet(BYTES)).isTrue();
    }

    @Test
    void rangeBoundsAreInclusive() {
        assertThat(TABLE.parse(Map.of("listenPort", "1"), false).get(PORT)).isEqualTo(1);
        assertThat(TABLE.parse(Map.of("listenPort", "65535"), false).get(PORT)).isEqualTo(65535);
        assertThat(TABLE.parse(Map.of("ratio", "0.9"), false).get(RATIO)).isEqualTo(0.9);
        assertThatThrownBy(() -> TABLE.parse(Map.of("listenPort", "0"), false)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> TABLE.parse(Map.of("listenPort", "65536"), false))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> TABLE.parse(Map.of("ratio", "0.91"), false)).isInstanceOf(ConfigException.class);
    }

    @Test
    void everyBadValueAndUnknownKeyIsListedInOneExceptionByTheNameGiven() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("listenPort", "http");
        raw.put("maxSize", "-1");
        raw.put("ratio", "NaN-ish");
        raw.put("isEnabled", "yes");
        raw.put("name", "   ");
        raw.put("color", "blue");
        raw.put("colour", "red");

        ConfigException e = catchThrowableOfType(() -> TABLE.parse(raw, false), ConfigException.class);

        assertThat(e.problems()).hasSize(7);
        assertThat(e.problems()).anyMatch(p -> p.startsWith("listenPort='http'") && p.contains("[1, 65535]"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("maxSize='-1'"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("ratio='NaN-ish'") && p.contains("a number"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("isEnabled='yes'") && p.contains("true or false"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("name=") && p.contains("non-empty"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("color='blue'") && p.contains("one of RED GREEN"));
        assertThat(e.problems()).contains("unknown test key 'colour'");
        assertThat(e.getMessage()).startsWith("invalid configuration:\n  ");
        assertThat(e.getMessage().lines().count()).isEqualTo(8);
    }

    @Test
    void otherSubsystemsKeysAreIgnoredOnlyWhenAllowed() {
        Map<String, String> raw = Map.of("namesrvAddr", "localhost:9876", "listenPort", "9000");
        assertThat(TABLE.parse(raw, true).get(PORT)).isEqualTo(9000);
        ConfigException e = catchThrowableOfType(() -> TABLE.parse(raw, false), ConfigException.class);
        assertThat(e.problems()).containsExactly("unknown test key 'namesrvAddr'");
    }

    @Test
    void anUnparsableValueIsAProblemEvenWhenOtherKeysAreAllowed() {
        ConfigException e = catchThrowableOfType(() -> TABLE.parse(Map.of("x", "1", "listenPort", "z"), true),
                ConfigException.class);
        assertThat(e.problems()).singleElement().asString().startsWith("listenPort='z'");
    }

    @Test
    void duplicateKeyNamesAreRejectedWhenTheTableIsDeclared() {
        assertThatThrownBy(() -> new ConfigTable("dup", List.of(PORT,
                ConfigKey.ofInt("listenPort", 1, 0, 2, "again", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listenPort");
    }

    @Test
    void knowsNamesAndAliases() {
        assertThat(TABLE.knows("maxBytes")).isTrue();
        assertThat(TABLE.knows("maxSize")).isTrue();
        assertThat(TABLE.knows("brokerName")).isTrue();
        assertThat(TABLE.knows("ratio")).isTrue();
        assertThat(TABLE.knows("nothing")).isFalse();
        assertThat(TABLE.keys()).containsExactly(PORT, BYTES, RATIO, ENABLED, NAME, COLOR);
    }

    @Test
    void markdownHasAHeaderAndOneRowPerKeyInDeclarationOrder() {
        String md = TABLE.markdown();
        List<String> lines = md.lines().toList();
        assertThat(lines.get(0)).isEqualTo("| key | default | allowed | RocketMQ name | meaning |");
        assertThat(lines.get(1)).isEqualTo("|---|---|---|---|---|");
        assertThat(lines).hasSize(2 + TABLE.keys().size());
        assertThat(lines.get(2)).isEqualTo("| `listenPort` | 10911 | an integer in [1, 65535] | `listenPort` | port |");
        assertThat(lines.get(4)).isEqualTo("| `ratio` | 0.5 | a number in [0.1, 0.9] |  | a ratio |");
        assertThat(lines.get(7)).isEqualTo("| `color` | RED | one of RED GREEN |  | a color |");
        for (ConfigKey<?> key : TABLE.keys()) {
            assertThat(md).contains("`" + key.name() + "`");
        }
    }

    @Test
    void configExceptionKeepsAnImmutableCopyOfTheProblems() {
        List<String> problems = new java.util.ArrayList<>(List.of("a", "b"));
        ConfigException e = new ConfigException(problems);
        problems.add("c");
        assertThat(e.problems()).containsExactly("a", "b");
        assertThatThrownBy(() -> e.problems().add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(e.getMessage()).isEqualTo("invalid configuration:\n  a\n  b");
    }
}
