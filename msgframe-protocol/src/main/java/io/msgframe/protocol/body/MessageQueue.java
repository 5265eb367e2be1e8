package io.msgframe.protocol.body;

import java.util.Comparator;

/**
 * One queue of a topic on one broker name (reference §2.2, §6.10): identity is all three members. Ordered as the
 * clients sort queue lists: topic, then broker name, then queue id. JSON: {@code brokerName}, {@code queueId},
 * {@code topic}; as a map key it is written as a JSON object (see {@link RemotingJson}).
 */
public record MessageQueue(String topic, String brokerName, int queueId) implements Comparable<MessageQueue> {
    private static final Comparator<MessageQueue> ORDER = Comparator
            .comparing(MessageQueue::topic, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(MessageQueue::brokerName, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(MessageQueue::queueId);

    @Override
    public int compareTo(MessageQueue other) {
        return ORDER.compare(this, other);
    }
}
