package io.msgframe.protocol.body;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A consumer group's configuration on a broker (reference §2.14.9, §6.8). Members missing from input take
 * RocketMQ's defaults ({@link #defaults}), not zero/false. The 5.x members {@code groupRetryPolicy} and
 * {@code subscriptionDataSet} are not modelled (ignored when read; 5.x readers default them).
 */
public record SubscriptionGroupConfig(String groupName, boolean consumeEnable, boolean consumeFromMinEnable,
                                      boolean consumeBroadcastEnable, boolean consumeMessageOrderly,
                                      int retryQueueNums, int retryMaxTimes, long brokerId,
                                      long whichBrokerWhenConsumeSlowly, boolean notifyConsumerIdsChangedEnable,
                                      int groupSysFlag, int consumeTimeoutMinute, Map<String, String> attributes) {
    public static final int DEFAULT_RETRY_QUEUE_NUMS = 1;
    public static final int DEFAULT_RETRY_MAX_TIMES = 16;
    public static final int DEFAULT_CONSUME_TIMEOUT_MINUTE = 15;

    public SubscriptionGroupConfig {
        attributes = Copies.map(attributes);
    }

    /** The config a broker auto-creates for a group it sees for the first time (reference §6.8). */
    public static SubscriptionGroupConfig defaults(String groupName) {
        return fromJson(groupName, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @JsonCreator
    static SubscriptionGroupConfig fromJson(
            @JsonProperty("groupName") String groupName,
            @JsonProperty("consumeEnable") Boolean consumeEnable,
            @JsonProperty("consumeFromMinEnable") Boolean consumeFromMinEnable,
            @JsonProperty("consumeBroadcastEnable") Boolean consumeBroadcastEnable,
            @JsonProperty("consumeMessageOrderly") Boolean consumeMessageOrderly,
            @JsonProperty("retryQueueNums") Integer retryQueueNums,
            @JsonProperty("retryMaxTimes") Integer retryMaxTimes,
            @JsonProperty("brokerId") Long brokerId,
            @JsonProperty("whichBrokerWhenConsumeSlowly") Long whichBrokerWhenConsumeSlowly,
            @JsonProperty("notifyConsumerIdsChangedEnable") Boolean notifyConsumerIdsChangedEnable,
            @JsonProperty("groupSysFlag") Integer groupSysFlag,
            @JsonProperty("consumeTimeoutMinute") Integer consumeTimeoutMinute,
            @JsonProperty("attributes") Map<String, String> attributes) {
        return new SubscriptionGroupConfig(groupName,
                consumeEnable == null || consumeEnable,
                consumeFromMinEnable == null || consumeFromMinEnable,
                consumeBroadcastEnable == null || consumeBroadcastEnable,
                consumeMessageOrderly != null && consumeMessageOrderly,
                retryQueueNums == null ? DEFAULT_RETRY_QUEUE_NUMS : retryQueueNums,
                retryMaxTimes == null ? DEFAULT_RETRY_MAX_TIMES : retryMaxTimes,
                brokerId == null ? BrokerData.MASTER_ID : brokerId,
                whichBrokerWhenConsumeSlowly == null ? 1L : whichBrokerWhenConsumeSlowly,
                notifyConsumerIdsChangedEnable == null || notifyConsumerIdsChangedEnable,
                groupSysFlag == null ? 0 : groupSysFlag,
                consumeTimeoutMinute == null ? DEFAULT_CONSUME_TIMEOUT_MINUTE : consumeTimeoutMinute,
                attributes);
    }
}
