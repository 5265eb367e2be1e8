package io.msgframe.protocol.body;

/**
 * Offsets of one queue in {@link TopicStatsTable} (reference §2.14.3); {@code lastUpdateTimestamp} is the store
 * time of the message at {@code maxOffset - 1}, 0 when the queue is empty.
 */
public record TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {
}
