package io.msgframe.client.producer;

import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A message to send: topic, body, an optional tag, business keys (each indexed by the broker), user properties,
 * a user flag, and a delay level. Immutable; build with {@link #builder(String)} or {@link #of(String, byte[])}.
 *
 * <p>Delay levels (1–18, RocketMQ's fixed levels) are sent as the {@code DELAY} property; the broker stores them
 * but does not honour them yet (delivery is immediate until the schedule service exists, issue 5). A delivery
 * time ({@link Builder#deliverAt}, {@link Builder#deliverAfter}) is sent as RocketMQ 5's {@code TIMER_DELIVER_MS}
 * (absolute) or {@code TIMER_DELAY_MS} (relative, measured by the broker's clock); a message has a delay level or
 * a delivery time, not both.
 */
public final class Message {
    /** Names the producer sets itself; user properties may not use them. */
    private static final Set<String> RESERVED = Set.of(PropertyKeys.TAGS, PropertyKeys.KEYS,
            PropertyKeys.WAIT_STORE_MSG_OK, PropertyKeys.DELAY_TIME_LEVEL, PropertyKeys.UNIQ_KEY,
            PropertyKeys.TRANSACTION_PREPARED, PropertyKeys.PRODUCER_GROUP, PropertyKeys.TIMER_DELIVER_MS,
            PropertyKeys.TIMER_DELAY_MS, PropertyKeys.TIMER_DELAY_SEC);
    public static final int MAX_DELAY_LEVEL = 18;

    private final String topic;
    private final byte[] body;
    private final String tags;
    private final List<String> keys;
    private final Map<String, String> properties;
    private final int flag;
    private final int delayLevel;
    private final long deliverAtMs;
    private final long deliverAfterMs;

    private Message(Builder b) {
        this.topic = Objects.requireNonNull(b.topic, "topic");
        this.body = Objects.requireNonNull(b.body, "body");
        this.tags = b.tags;
        this.keys = List.copyOf(b.keys);
        this.properties = Map.copyOf(b.properties);
        this.flag = b.flag;
        this.delayLevel = b.delayLevel;
        this.deliverAtMs = b.deliverAtMs;
        this.deliverAfterMs = b.deliverAfterMs;
    }

    public static Message of(String topic, byte[] body) {
        return builder(topic).body(body).build();
    }

    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    public String topic() {
        return topic;
    }

    /** The body as given (not a copy: do not modify it after sending). */
    public byte[] body() {
        return body;
    }

    /** The tag, or null. */
    public String tags() {
        return tags;
    }

    public List<String> keys() {
        return keys;
    }

    /** User properties. */
    public Map<String, String> properties() {
        return properties;
    }

    public int flag() {
        return flag;
    }

    /** 0 for immediate delivery, else 1–18. */
    public int delayLevel() {
        return delayLevel;
    }

    /** Absolute delivery time in epoch ms ({@code TIMER_DELIVER_MS}), or -1 for none. */
    public long deliverAtMs() {
        return deliverAtMs;
    }

    /** Delay in ms counted from the broker's receipt ({@code TIMER_DELAY_MS}), or -1 for none. */
    public long deliverAfterMs() {
        return deliverAfterMs;
    }

    /** True when the message has a delay level or a delivery time (it is never batched). */
    public boolean isDelayed() {
        return delayLevel > 0 || deliverAtMs >= 0 || deliverAfterMs >= 0;
    }

    /** Builds a {@link Message}; names and values are checked as they are set. */
    public static final class Builder {
        private final String topic;
        private byte[] body;
        private String tags;
        private List<String> keys = List.of();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private int flag;
        private int delayLevel;
        private long deliverAtMs = -1;
        private long deliverAfterMs = -1;

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        /** The body as UTF-8. */
        public Builder body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        public Builder tags(String tags) {
            checkText("tags", tags);
            this.tags = tags;
            return this;
        }

        /** Business keys; each is indexed by the broker. Keys may not contain spaces (the separator). */
        public Builder keys(Collection<String> keys) {
            for (String key : keys) {
                checkText("key", key);
                if (key.contains(PropertyKeys.KEY_SEPARATOR)) {
                    throw new IllegalArgumentException("key '" + key + "' contains a space, the key separator");
                }
            }
            this.keys = List.copyOf(keys);
            return this;
        }

        public Builder keys(String... keys) {
            return keys(List.of(keys));
        }

        public Builder property(String name, String value) {
            checkText("property name", name);
            checkText("value of property " + name, value);
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("property name '" + name + "' is reserved; use the builder's "
                        + "own setter (tags, keys, delayLevel)");
            }
            properties.put(name, value);
            return this;
        }

        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        /** RocketMQ delay level 1–18 (0: none). Stored but not yet honoured by the MsgFrame broker. */
        public Builder delayLevel(int level) {
            if (level < 0 || level > MAX_DELAY_LEVEL) {
                throw new IllegalArgumentException("delay level must be 0.." + MAX_DELAY_LEVEL + ", got " + level);
            }
            this.delayLevel = level;
            return this;
        }

        /** Delivered no earlier than {@code time} (a time in the past: at once). Clears a delay level. */
        public Builder deliverAt(java.time.Instant time) {
            Objects.requireNonNull(time, "time");
            this.deliverAtMs = Math.max(0, time.toEpochMilli());
            this.deliverAfterMs = -1;
            this.delayLevel = 0;
            return this;
        }

        /** Delivered no earlier than {@code delay} after the broker stores it. Clears a delay level. */
        public Builder deliverAfter(java.time.Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delivery delay must not be negative, got " + delay);
            }
            this.deliverAfterMs = delay.toMillis();
            this.deliverAtMs = -1;
            this.delayLevel = 0;
            return this;
        }

        public Message build() {
            if (delayLevel > 0 && (deliverAtMs >= 0 || deliverAfterMs >= 0)) {
                throw new IllegalArgumentException("a message has a delay level or a delivery time, not both");
            }
            return new Message(this);
        }

        private static void checkText(String what, String text) {
            if (text == null || text.isEmpty()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            if (text.indexOf(MessageProperties.NAME_VALUE_SEPARATOR) >= 0
                    || text.indexOf(MessageProperties.PROPERTY_SEPARATOR) >= 0) {
                throw new IllegalArgumentException(what + " contains \\u0001 or \\u0002, the property separators");
            }
        }
    }
}
