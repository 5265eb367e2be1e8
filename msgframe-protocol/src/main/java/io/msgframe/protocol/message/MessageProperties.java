package io.msgframe.protocol.message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties string of a record: {@code name 0x01 value 0x02} for each pair, the last one included
 * (reference §4.3). Decoding follows the Java client: segments with an empty name or value are dropped.
 */
public final class MessageProperties {
    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    public static final char PROPERTY_SEPARATOR = '\u0002';

    private MessageProperties() {
    }

    /** Encodes in the map's iteration order; pairs with a null or empty name or value are left out. */
    public static String encode(Map<String, String> properties) {
        StringBuilder sb = new StringBuilder(properties.size() * 24);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (name == null || name.isEmpty() || value == null || value.isEmpty()) {
                continue;
            }
            sb.append(name).append(NAME_VALUE_SEPARATOR).append(value).append(PROPERTY_SEPARATOR);
        }
        return sb.toString();
    }

    /** Decodes into a map that keeps the stored order. */
    public static Map<String, String> decode(String properties) {
        Map<String, String> map = new LinkedHashMap<>();
        if (properties == null || properties.isEmpty()) {
            return map;
        }
        int start = 0;
        int length = properties.length();
        while (start < length) {
            int end = properties.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int separator = properties.indexOf(NAME_VALUE_SEPARATOR, start);
            if (separator > start && separator < end - 1) {
                map.put(properties.substring(start, separator), properties.substring(separator + 1, end));
            }
            start = end + 1;
        }
        return map;
    }

    /**
     * The value of {@code name}, or null, without building a map. The dispatcher's hot path. Like
     * {@link #decode}, the last pair wins when a name occurs more than once.
     */
    public static String find(String properties, String name) {
        if (properties == null || name.isEmpty()) {
            return null;
        }
        int valueStart = -1;
        int valueEnd = -1;
        int start = 0;
        int length = properties.length();
        while (start < length) {
            int end = properties.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int separator = start + name.length();
            if (separator < end - 1
                    && properties.charAt(separator) == NAME_VALUE_SEPARATOR
                    && properties.startsWith(name, start)) {
                valueStart = separator + 1;
                valueEnd = end;
            }
            start = end + 1;
        }
        return valueStart < 0 ? null : properties.substring(valueStart, valueEnd);
    }
}
