package io.msgframe.broker.admin;

import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;

import java.util.Map;
import java.util.TreeMap;

/**
 * The 5.x {@code attributes} header of UPDATE_AND_CREATE_TOPIC (reference §2.14.1):
 * {@code "+key=value,+key2=value2,-key3"} adds or alters with {@code +} and deletes with {@code -}.
 */
final class TopicAttributes {
    private TopicAttributes() {
    }

    /** {@code current} with the changes of {@code text} applied; {@code current} itself when text is empty. */
    static Map<String, String> apply(Map<String, String> current, String text) {
        if (text == null || text.isBlank()) {
            return current;
        }
        Map<String, String> result = new TreeMap<>(current);
        for (String part : text.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            char op = item.charAt(0);
            String rest = item.substring(1);
            if (op == '+') {
                int eq = rest.indexOf('=');
                if (eq <= 0) {
                    throw bad(item);
                }
                result.put(rest.substring(0, eq), rest.substring(eq + 1));
            } else if (op == '-') {
                if (rest.isEmpty() || rest.contains("=")) {
                    throw bad(item);
                }
                result.remove(rest);
            } else {
                throw bad(item);
            }
        }
        return result;
    }

    private static ProtocolException bad(String item) {
        return new ProtocolException(ResponseCode.INVALID_PARAMETER, "bad attribute '" + item
                + "': expected +key=value or -key");
    }
}
