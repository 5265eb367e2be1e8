package io.msgframe.broker.topic;

import io.msgframe.broker.BrokerConfig;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicNames;

import java.util.ArrayList;
import java.util.List;

/**
 * The topics a RocketMQ broker creates for itself at start (reference §6.3, §6.4, §6.9), with RocketMQ's queue
 * counts and permissions. Registered with the name servers like any topic, so clients and admin tools that look
 * up their routes (TBW102 for auto-creation, the cluster-name topic for {@code topicStatus -c}) find them.
 */
public final class SystemTopics {
    /** Delay levels 1..18 each have a queue of {@code SCHEDULE_TOPIC_XXXX} (reference §6.2). */
    public static final int SCHEDULE_QUEUE_NUMS = 18;
    public static final int BENCHMARK_QUEUE_NUMS = 1024;

    private SystemTopics() {
    }

    public static List<TopicConfig> of(BrokerConfig config) {
        List<TopicConfig> topics = new ArrayList<>();
        topics.add(TopicConfig.of(TopicNames.SELF_TEST_TOPIC, 1, 1, PermName.READ_WRITE));
        if (config.autoCreateTopicEnable()) {
            topics.add(defaultTopic(config));
        }
        topics.add(TopicConfig.of(TopicNames.BENCHMARK_TOPIC, BENCHMARK_QUEUE_NUMS, BENCHMARK_QUEUE_NUMS,
                PermName.READ_WRITE));
        int clusterPerm = PermName.INHERIT | (config.clusterTopicEnable() ? PermName.READ_WRITE : 0);
        topics.add(TopicConfig.of(config.brokerClusterName(), TopicConfig.DEFAULT_QUEUE_NUMS,
                TopicConfig.DEFAULT_QUEUE_NUMS, clusterPerm));
        int brokerPerm = PermName.INHERIT | (config.brokerTopicEnable() ? PermName.READ_WRITE : 0);
        topics.add(TopicConfig.of(config.brokerName(), 1, 1, brokerPerm));
        topics.add(TopicConfig.of(TopicNames.OFFSET_MOVED_EVENT, 1, 1, PermName.READ_WRITE));
        topics.add(TopicConfig.of(TopicNames.SCHEDULE_TOPIC, SCHEDULE_QUEUE_NUMS, SCHEDULE_QUEUE_NUMS,
                PermName.READ_WRITE));
        topics.add(TopicConfig.of(TopicNames.replyTopic(config.brokerClusterName()), TopicConfig.DEFAULT_QUEUE_NUMS,
                TopicConfig.DEFAULT_QUEUE_NUMS, PermName.READ_WRITE));
        topics.add(TopicConfig.of(TopicNames.TRANS_HALF_TOPIC, 1, 1, PermName.READ_WRITE));
        topics.add(TopicConfig.of(TopicNames.TRANS_OP_HALF_TOPIC, 1, 1, PermName.READ_WRITE));
        return topics;
    }

    /** TBW102: the auto-create template, {@code defaultTopicQueueNums} queues, perm INHERIT|READ|WRITE. */
    public static TopicConfig defaultTopic(BrokerConfig config) {
        return TopicConfig.of(TopicNames.DEFAULT_TOPIC, config.defaultTopicQueueNums(),
                config.defaultTopicQueueNums(), PermName.INHERIT | PermName.READ_WRITE);
    }
}
