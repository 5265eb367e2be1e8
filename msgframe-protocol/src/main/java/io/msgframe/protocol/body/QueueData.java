package io.msgframe.protocol.body;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * A topic's queues on one broker name, as the name server publishes them in a route (reference §2.2):
 * read and write queue counts, {@link PermName permission} bits and {@link TopicSysFlag topic sysFlag}.
 * Clients up to 4.8 spelled the flag {@code topicSynFlag}; it is accepted when reading.
 */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm,
                        @JsonAlias("topicSynFlag") int topicSysFlag) {

    /** The route entry a broker's topic config yields (reference §2.4.1). */
    public static QueueData of(String brokerName, TopicConfig config) {
        return new QueueData(brokerName, config.readQueueNums(), config.writeQueueNums(), config.perm(),
                config.topicSysFlag());
    }

    public QueueData withPerm(int newPerm) {
        return new QueueData(brokerName, readQueueNums, writeQueueNums, newPerm, topicSysFlag);
    }
}
