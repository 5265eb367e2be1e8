package io.msgframe.client.consumer;

import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.TopicNames;

import java.util.OptionalLong;

/**
 * Where a consumer starts reading a queue it was just given — exactly (reference §2.8.1): the group's persisted
 * offset when it has one, whatever the setting; otherwise, per {@link ConsumeFromWhere}, the queue's first offset
 * (min), its last (max: only messages sent from now on), or the first message stored at or after the timestamp —
 * whatever the age of the data. (RocketMQ's broker answers offset 0 for a new group when the queue's first
 * message is still "hot", so there a new group "from last offset" can read a young topic from the start; the
 * MsgFrame broker answers QUERY_NOT_FOUND and this class decides.) Retry topics always start at their min.
 */
public final class StartOffsets {
    private final OffsetStore store;
    private final BrokerOffsets brokers;
    private final ConsumeFromWhere where;
    private final long timestampMs;

    public StartOffsets(OffsetStore store, BrokerOffsets brokers, ConsumeFromWhere where, long timestampMs) {
        this.store = store;
        this.brokers = brokers;
        this.where = where;
        this.timestampMs = timestampMs;
    }

    /** The offset to start {@code queue} at; blocks on broker requests. */
    public long resolve(MessageQueue queue) {
        OptionalLong persisted = store.readPersisted(queue);
        if (persisted.isPresent() && persisted.getAsLong() >= 0) {
            return persisted.getAsLong();
        }
        return forNewGroup(queue);
    }

    /** The start of a queue the group never committed. */
    public long forNewGroup(MessageQueue queue) {
        if (TopicNames.isRetryTopic(queue.topic())) {
            return brokers.minOffset(queue);
        }
        return switch (where) {
            case CONSUME_FROM_FIRST_OFFSET, CONSUME_FROM_MIN_OFFSET -> brokers.minOffset(queue);
            case CONSUME_FROM_TIMESTAMP -> brokers.offsetForTimestamp(queue, timestampMs);
            default -> brokers.maxOffset(queue);
        };
    }
}
