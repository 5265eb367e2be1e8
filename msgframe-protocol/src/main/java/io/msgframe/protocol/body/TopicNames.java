package io.msgframe.protocol.body;

import java.util.Set;

/**
 * Reserved topic names and the retry / dead-letter naming scheme (reference §6.1–6.4, §6.9). A group's retry
 * topic is {@code %RETRY%<group>}, its dead-letter topic {@code %DLQ%<group>}.
 */
public final class TopicNames {
    /** Auto-create template topic every producer names as {@code defaultTopic} (reference §6.3). */
    public static final String DEFAULT_TOPIC = "TBW102";
    /** Delayed messages wait here, queue id = delay level − 1 (reference §6.2). */
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    /** 5.x arbitrary-time delay (timer wheel). */
    public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";
    public static final String TRANS_HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    public static final String TRANS_OP_HALF_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    public static final String TRANS_CHECK_MAX_TIME_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    public static final String SELF_TEST_TOPIC = "SELF_TEST_TOPIC";
    public static final String BENCHMARK_TOPIC = "BenchmarkTest";
    public static final String OFFSET_MOVED_EVENT = "OFFSET_MOVED_EVENT";
    public static final String TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";
    /** Prefix of every 5.x system topic; such names are reserved. */
    public static final String SYSTEM_TOPIC_PREFIX = "rmq_sys_";
    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";
    /** Suffix of the per-cluster request/reply topic {@code <cluster>_REPLY_TOPIC}. */
    public static final String REPLY_TOPIC_SUFFIX = "_REPLY_TOPIC";

    private static final Set<String> SYSTEM_TOPICS = Set.of(DEFAULT_TOPIC, SCHEDULE_TOPIC, TRANS_HALF_TOPIC,
            TRANS_OP_HALF_TOPIC, TRANS_CHECK_MAX_TIME_TOPIC, SELF_TEST_TOPIC, BENCHMARK_TOPIC, OFFSET_MOVED_EVENT,
            TRACE_TOPIC);
    private static final Set<String> NOT_SENDABLE_TOPICS = Set.of(SCHEDULE_TOPIC, TRANS_HALF_TOPIC,
            TRANS_OP_HALF_TOPIC, TRANS_CHECK_MAX_TIME_TOPIC, SELF_TEST_TOPIC, OFFSET_MOVED_EVENT);

    private TopicNames() {
    }

    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return DLQ_PREFIX + group;
    }

    public static String replyTopic(String cluster) {
        return cluster + REPLY_TOPIC_SUFFIX;
    }

    public static boolean isRetryTopic(String topic) {
        return topic != null && topic.startsWith(RETRY_PREFIX);
    }

    public static boolean isDlqTopic(String topic) {
        return topic != null && topic.startsWith(DLQ_PREFIX);
    }

    /** The group a retry or dead-letter topic belongs to, or null for any other topic. */
    public static String groupOf(String topic) {
        if (isRetryTopic(topic)) {
            return topic.substring(RETRY_PREFIX.length());
        }
        if (isDlqTopic(topic)) {
            return topic.substring(DLQ_PREFIX.length());
        }
        return null;
    }

    /** A topic users may not create or delete: a fixed system name or a {@code rmq_sys_} name. */
    public static boolean isSystemTopic(String topic) {
        return topic != null && (SYSTEM_TOPICS.contains(topic) || topic.startsWith(SYSTEM_TOPIC_PREFIX));
    }

    /** A topic clients may not send to directly (RocketMQ answers NO_PERMISSION). */
    public static boolean isNotSendable(String topic) {
        return NOT_SENDABLE_TOPICS.contains(topic);
    }
}
