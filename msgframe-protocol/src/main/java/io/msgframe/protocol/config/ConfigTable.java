package io.msgframe.protocol.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declaration table of one subsystem's configuration. Parses raw key/value pairs (a properties file,
 * command-line overrides) into typed {@link ConfigValues}: every key is validated at start-up, and unknown
 * keys are reported by name instead of silently ignored.
 */
public final class ConfigTable {
    private final String subsystem;
    private final Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
    private final Map<String, ConfigKey<?>> byAlias = new HashMap<>();

    public ConfigTable(String subsystem, List<ConfigKey<?>> keys) {
        this.subsystem = subsystem;
        for (ConfigKey<?> key : keys) {
            if (byName.put(key.name(), key) != null) {
                throw new IllegalArgumentException("duplicate config key " + key.name());
            }
            if (key.rocketmqAlias() != null) {
                byAlias.put(key.rocketmqAlias(), key);
            }
        }
    }

    public List<ConfigKey<?>> keys() {
        return List.copyOf(byName.values());
    }

    public boolean knows(String name) {
        return byName.containsKey(name) || byAlias.containsKey(name);
    }

    /**
     * @param raw             key/value pairs; keys may be MsgFrame names or RocketMQ aliases
     * @param allowOtherKeys  true when the same file also holds other subsystems' keys, which the caller checks
     * @throws ConfigException naming every bad value and (unless allowed) every unknown key
     */
    public ConfigValues parse(Map<String, String> raw, boolean allowOtherKeys) {
        Map<ConfigKey<?>, Object> values = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            ConfigKey<?> key = byName.get(e.getKey());
            if (key == null) {
                key = byAlias.get(e.getKey());
            }
            if (key == null) {
                if (!allowOtherKeys) {
                    problems.add("unknown " + subsystem + " key '" + e.getKey() + "'");
                }
                continue;
            }
            parseOne(key, e.getKey(), e.getValue(), values, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ConfigValues(values);
    }

    private static <T> void parseOne(ConfigKey<T> key, String given, String text, Map<ConfigKey<?>, Object> values,
                                     List<String> problems) {
        T value;
        try {
            value = key.parser().apply(text);
        } catch (RuntimeException e) {
            problems.add(given + "='" + text + "': must be " + key.rule());
            return;
        }
        if (!key.validator().test(value)) {
            problems.add(given + "='" + text + "': must be " + key.rule());
            return;
        }
        values.put(key, value);
    }

    /** A Markdown table of the keys: the configuration reference is generated from this. */
    public String markdown() {
        return markdown(key -> String.valueOf(key.defaultValue()));
    }

    /**
     * A Markdown table of the keys, with the default column written by {@code defaultText}: for defaults
     * computed from the machine (host name, address), which a reference must describe rather than show.
     */
    public String markdown(java.util.function.Function<ConfigKey<?>, String> defaultText) {
        StringBuilder sb = new StringBuilder();
        sb.append("| key | default | allowed | RocketMQ name | meaning |\n|---|---|---|---|---|\n");
        for (ConfigKey<?> key : byName.values()) {
            sb.append("| `").append(key.name()).append("` | ").append(defaultText.apply(key))
                    .append(" | ").append(key.rule())
                    .append(" | ").append(key.rocketmqAlias() == null ? "" : "`" + key.rocketmqAlias() + "`")
                    .append(" | ").append(key.doc()).append(" |\n");
        }
        return sb.toString();
    }
}
