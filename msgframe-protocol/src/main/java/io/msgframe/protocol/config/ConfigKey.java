package io.msgframe.protocol.config;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key: its name (unit in the name), type, default, the rule a value must pass, a one-line
 * doc, and the name RocketMQ's {@code broker.conf} gives the same setting (null when it has none), so
 * existing config files keep working.
 */
public record ConfigKey<T>(String name, Class<T> type, T defaultValue, Function<String, T> parser,
                           Predicate<T> validator, String rule, String doc, String rocketmqAlias) {

    public static ConfigKey<Integer> ofInt(String name, int defaultValue, int min, int max, String doc, String alias) {
        return new ConfigKey<>(name, Integer.class, defaultValue, s -> Integer.valueOf(s.trim()),
                v -> v >= min && v <= max, "an integer in [" + min + ", " + max + "]", doc, alias);
    }

    public static ConfigKey<Long> ofLong(String name, long defaultValue, long min, long max, String doc, String alias) {
        return new ConfigKey<>(name, Long.class, defaultValue, s -> Long.valueOf(s.trim()),
                v -> v >= min && v <= max, "an integer in [" + min + ", " + max + "]", doc, alias);
    }

    public static ConfigKey<Double> ofDouble(String name, double defaultValue, double min, double max, String doc,
                                             String alias) {
        return new ConfigKey<>(name, Double.class, defaultValue, s -> Double.valueOf(s.trim()),
                v -> v >= min && v <= max, "a number in [" + min + ", " + max + "]", doc, alias);
    }

    public static ConfigKey<Boolean> ofBoolean(String name, boolean defaultValue, String doc, String alias) {
        return new ConfigKey<>(name, Boolean.class, defaultValue, ConfigKey::parseBoolean, v -> true,
                "true or false", doc, alias);
    }

    public static ConfigKey<String> ofString(String name, String defaultValue, String doc, String alias) {
        return new ConfigKey<>(name, String.class, defaultValue, String::trim, v -> !v.isEmpty(),
                "a non-empty string", doc, alias);
    }

    public static <E extends Enum<E>> ConfigKey<E> ofEnum(String name, Class<E> type, E defaultValue,
                                                          Function<String, E> parser, String doc, String alias) {
        StringBuilder rule = new StringBuilder("one of");
        for (E e : type.getEnumConstants()) {
            rule.append(' ').append(e.name());
        }
        return new ConfigKey<>(name, type, defaultValue, parser, v -> true, rule.toString(), doc, alias);
    }

    private static Boolean parseBoolean(String s) {
        String v = s.trim();
        if (v.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean");
    }
}
