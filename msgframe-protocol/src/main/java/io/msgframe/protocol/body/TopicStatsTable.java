package io.msgframe.protocol.body;

import java.util.Map;

/**
 * Body of a GET_TOPIC_STATS_INFO response (reference §2.14.3): per-queue offsets, keyed by {@link MessageQueue}
 * written as JSON objects; {@code topicPutTps} is a 5.x addition.
 */
public record TopicStatsTable(Map<MessageQueue, TopicOffset> offsetTable, double topicPutTps) {

    public TopicStatsTable {
        offsetTable = Copies.map(offsetTable);
    }

    public TopicStatsTable(Map<MessageQueue, TopicOffset> offsetTable) {
        this(offsetTable, 0.0);
    }
}
