package io.msgframe.store.index;

import io.msgframe.protocol.message.PropertyKeys;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which strings a message is indexed under, and how a string is hashed (reference §5.3). Kept apart from
 * the file so that the broker's QUERY_MESSAGE handler and the dispatcher build keys the same way.
 */
public final class IndexKeys {
    /** Between topic and key: {@code topic + "#" + key}. */
    public static final String TOPIC_SEPARATOR = "#";

    private IndexKeys() {
    }

    /** The string stored for {@code key} of {@code topic}. */
    public static String indexKey(String topic, String key) {
        return topic + TOPIC_SEPARATOR + key;
    }

    /**
     * {@code abs(key.hashCode())}, and 0 for {@link Integer#MIN_VALUE} whose absolute value does not fit:
     * RocketMQ's rule, so that a slot number computed with {@code %} is never negative.
     */
    public static int keyHash(String key) {
        int hash = Math.abs(key.hashCode());
        return hash < 0 ? 0 : hash;
    }

    /**
     * The index keys of one message, in the order they are put: {@code topic#uniqKey} (when there is a
     * non-empty uniqKey), then {@code topic#k} for every non-empty word of {@code keys} split on
     * {@link PropertyKeys#KEY_SEPARATOR}. Repeats are dropped: indexing the same (key, offset) twice only
     * costs entries, and a query would have to remove the duplicate again.
     *
     * @param uniqKey the {@code UNIQ_KEY} property, may be null
     * @param keys the {@code KEYS} property, may be null
     */
    public static Set<String> keysOf(String topic, String uniqKey, String keys) {
        Set<String> result = new LinkedHashSet<>();
        if (uniqKey != null && !uniqKey.isEmpty()) {
            result.add(indexKey(topic, uniqKey));
        }
        if (keys != null && !keys.isEmpty()) {
            for (String word : keys.split(PropertyKeys.KEY_SEPARATOR)) {
                if (!word.isEmpty()) {
                    result.add(indexKey(topic, word));
                }
            }
        }
        return result;
    }
}
