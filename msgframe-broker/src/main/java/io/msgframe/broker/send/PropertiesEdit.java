package io.msgframe.broker.send;

import io.msgframe.protocol.message.MessageProperties;

import java.util.Map;

/**
 * Edits of a properties string (reference §4.3) on the send path. Appending a new pair is the common case and
 * works on the string; replacing or removing a pair decodes and re-encodes it (rare: redirects and resends).
 */
final class PropertiesEdit {

    private PropertiesEdit() {
    }

    /** {@code properties} with {@code name} set to {@code value} (added at the end, or replaced). */
    static String with(String properties, String name, String value) {
        String current = MessageProperties.find(properties, name);
        if (value.equals(current)) {
            return properties;
        }
        if (current == null) {
            return append(properties, name, value);
        }
        Map<String, String> map = MessageProperties.decode(properties);
        map.put(name, value);
        return MessageProperties.encode(map);
    }

    /** {@code properties} with {@code name} set only if it is absent. */
    static String withIfAbsent(String properties, String name, String value) {
        return MessageProperties.find(properties, name) == null ? append(properties, name, value) : properties;
    }

    /** {@code properties} without {@code name}. */
    static String without(String properties, String name) {
        if (MessageProperties.find(properties, name) == null) {
            return properties;
        }
        Map<String, String> map = MessageProperties.decode(properties);
        map.remove(name);
        return MessageProperties.encode(map);
    }

    private static String append(String properties, String name, String value) {
        StringBuilder sb = new StringBuilder((properties == null ? 0 : properties.length()) + name.length()
                + value.length() + 3);
        if (properties != null && !properties.isEmpty()) {
            sb.append(properties);
            if (properties.charAt(properties.length() - 1) != MessageProperties.PROPERTY_SEPARATOR) {
                sb.append(MessageProperties.PROPERTY_SEPARATOR);
            }
        }
        return sb.append(name).append(MessageProperties.NAME_VALUE_SEPARATOR).append(value)
                .append(MessageProperties.PROPERTY_SEPARATOR).toString();
    }
}
