package io.msgframe.protocol.body;

/**
 * A group's progress on one queue in {@link ConsumeStats} (reference §2.14.4): queue max offset, committed
 * offset (0 if none), store time of the message at {@code consumerOffset - 1} (0 if none), and the 5.x
 * {@code pullOffset}.
 */
public record OffsetWrapper(long brokerOffset, long consumerOffset, long pullOffset, long lastTimestamp) {
}
