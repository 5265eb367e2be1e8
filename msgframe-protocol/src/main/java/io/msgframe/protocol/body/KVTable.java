package io.msgframe.protocol.body;

import java.util.Map;

/**
 * A string table: the body of GET_BROKER_RUNTIME_INFO (reference §2.14.8), GET_KVLIST_BY_NAMESPACE and of the
 * REGISTER_BROKER response (the {@link #NAMESPACE_ORDER_TOPIC_CONFIG} namespace).
 */
public record KVTable(Map<String, String> table) {
    /** KV namespace holding {@code topic → "brokerName:queueNums;…"} for ordered topics (reference §2.3.8). */
    public static final String NAMESPACE_ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";

    public KVTable {
        table = Copies.map(table);
    }
}
