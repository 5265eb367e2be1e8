package io.msgframe.protocol.config;

import java.util.Map;

/** Validated values of one {@link ConfigTable}; a key that was not given has its default. */
public final class ConfigValues {
    private final Map<ConfigKey<?>, Object> values;

    ConfigValues(Map<ConfigKey<?>, Object> values) {
        this.values = Map.copyOf(values);
    }

    public <T> T get(ConfigKey<T> key) {
        Object value = values.get(key);
        return value == null ? key.defaultValue() : key.type().cast(value);
    }

    public boolean isSet(ConfigKey<?> key) {
        return values.containsKey(key);
    }
}
