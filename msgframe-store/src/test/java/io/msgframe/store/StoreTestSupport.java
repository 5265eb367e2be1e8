package io.msgframe.store;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.store.config.StoreConfig;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small files and fast flushes, so tests roll files and run services quickly. */
public final class StoreTestSupport {
    public static final InetSocketAddress BORN_HOST = new InetSocketAddress("127.0.0.1", 40000);
    public static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);

    private StoreTestSupport() {
    }

    public static StoreConfig smallConfig(Path dir, String... overrides) {
        StoreConfig base = StoreConfig.at(dir).with(
                "commitLogSegmentBytes", Integer.toString(64 * 1024),
                "consumeQueueSegmentEntries", "64",
                "indexHashSlots", "1024",
                "indexEntries", "4096",
                "flushIntervalMs", "10",
                "consumeQueueFlushIntervalMs", "50",
                "cleanupIntervalMs", "3600000");
        return overrides.length == 0 ? base : base.with(overrides);
    }

    public static MessageDraft message(String topic, int queueId, String body, String tag, String keys) {
        Map<String, String> props = new LinkedHashMap<>();
        if (tag != null) {
            props.put(PropertyKeys.TAGS, tag);
        }
        if (keys != null) {
            props.put(PropertyKeys.KEYS, keys);
        }
        props.put(PropertyKeys.WAIT_STORE_MSG_OK, "true");
        return new MessageDraft().topic(topic).queueId(queueId).body(body.getBytes(StandardCharsets.UTF_8))
                .bornTimestamp(System.currentTimeMillis()).bornHost(BORN_HOST).storeHost(STORE_HOST)
                .properties(MessageProperties.encode(props));
    }
}
