package io.msgframe.protocol.body;

import java.util.Map;

/**
 * Body of a GET_CONSUME_STATS response (reference §2.14.4): a group's recent pull TPS and its progress per
 * queue, keyed by {@link MessageQueue} written as JSON objects.
 */
public record ConsumeStats(double consumeTps, Map<MessageQueue, OffsetWrapper> offsetTable) {

    public ConsumeStats {
        offsetTable = Copies.map(offsetTable);
    }

    /** Messages not yet consumed, summed over all queues: what {@code mqadmin consumerProgress} calls diff. */
    public long totalDiff() {
        long diff = 0;
        for (OffsetWrapper offsets : offsetTable.values()) {
            diff += offsets.brokerOffset() - offsets.consumerOffset();
        }
        return diff;
    }
}
