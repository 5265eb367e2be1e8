package io.msgframe.protocol.body;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A topic as a broker holds it (reference §2.2, §2.14.1): queue counts, {@link PermName perm}, filter type,
 * {@link TopicSysFlag sysFlag}, the ordered flag and the 5.x {@code attributes} (always written, {@code {}} when
 * empty). Members missing from input take RocketMQ's defaults: 16 queues each way, perm RW, SINGLE_TAG.
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm,
                          TopicFilterType topicFilterType, int topicSysFlag, boolean order,
                          Map<String, String> attributes) {
    public static final int DEFAULT_QUEUE_NUMS = 16;

    public TopicConfig {
        if (topicFilterType == null) {
            topicFilterType = TopicFilterType.SINGLE_TAG;
        }
        attributes = Copies.map(attributes);
    }

    /** A plain topic: no sysFlag, not ordered, no attributes. */
    public static TopicConfig of(String topicName, int readQueueNums, int writeQueueNums, int perm) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, perm, TopicFilterType.SINGLE_TAG, 0,
                false, Map.of());
    }

    @JsonCreator
    static TopicConfig fromJson(@JsonProperty("topicName") String topicName,
                                @JsonProperty("readQueueNums") Integer readQueueNums,
                                @JsonProperty("writeQueueNums") Integer writeQueueNums,
                                @JsonProperty("perm") Integer perm,
                                @JsonProperty("topicFilterType") TopicFilterType topicFilterType,
                                @JsonProperty("topicSysFlag") Integer topicSysFlag,
                                @JsonProperty("order") Boolean order,
                                @JsonProperty("attributes") Map<String, String> attributes) {
        return new TopicConfig(topicName,
                readQueueNums == null ? DEFAULT_QUEUE_NUMS : readQueueNums,
                writeQueueNums == null ? DEFAULT_QUEUE_NUMS : writeQueueNums,
                perm == null ? PermName.READ | PermName.WRITE : perm,
                topicFilterType,
                topicSysFlag == null ? 0 : topicSysFlag,
                order != null && order,
                attributes);
    }

    public TopicConfig withPerm(int newPerm) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, newPerm, topicFilterType, topicSysFlag,
                order, attributes);
    }
}
