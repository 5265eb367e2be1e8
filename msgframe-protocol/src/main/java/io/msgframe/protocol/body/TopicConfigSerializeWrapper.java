package io.msgframe.protocol.body;

import java.util.Map;

/**
 * A broker's topic configs with their version: the body of GET_ALL_TOPIC_CONFIG (reference §2.14.9) and the
 * {@code topicConfigSerializeWrapper} member of {@link RegisterBrokerBody}. The 5.x static-topic members
 * ({@code mappingDataVersion}, {@code topicQueueMapping*}) are not modelled; name servers accept their absence,
 * as they do from 4.9.x brokers. A missing {@code dataVersion} reads as {@link DataVersion#NONE}: name servers
 * compare it on every registration.
 */
public record TopicConfigSerializeWrapper(DataVersion dataVersion, Map<String, TopicConfig> topicConfigTable) {

    public TopicConfigSerializeWrapper {
        if (dataVersion == null) {
            dataVersion = DataVersion.NONE;
        }
        topicConfigTable = Copies.map(topicConfigTable);
    }
}
