package io.msgframe.client.consumer;

import io.msgframe.client.ClientConfig;
import io.msgframe.client.consumer.rebalance.RebalanceStrategy;
import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.MessageModel;

import java.nio.file.Path;

/**
 * Settings of a {@link PushConsumer}; built by {@link PushConsumerBuilder}, which documents each one and its
 * default.
 */
public record PushConsumerConfig(String group, ClientConfig client, MessageModel messageModel,
                                 ConsumeFromWhere consumeFromWhere, long consumeTimestampMs,
                                 RebalanceStrategy strategy, long rebalanceIntervalMs, int consumeThreadsMin,
                                 int consumeThreadsMax, int consumeBatchSize, int pullBatchSize,
                                 long longPollSuspendMs, int pullThresholdForQueue, long pullThresholdBytesForQueue,
                                 int maxReconsumeTimes, long suspendCurrentQueueMs, int retryDelayLevel,
                                 long persistIntervalMs, long lockRenewIntervalMs, long awaitTerminationMs,
                                 Path offsetStoreDir) {

    public PushConsumerConfig {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("a consumer needs a group name");
        }
        positive("rebalanceIntervalMs", rebalanceIntervalMs);
        positive("consumeThreadsMin", consumeThreadsMin);
        positive("consumeBatchSize", consumeBatchSize);
        positive("pullBatchSize", pullBatchSize);
        positive("longPollSuspendMs", longPollSuspendMs);
        positive("pullThresholdForQueue", pullThresholdForQueue);
        positive("pullThresholdBytesForQueue", pullThresholdBytesForQueue);
        positive("maxReconsumeTimes", maxReconsumeTimes);
        positive("suspendCurrentQueueMs", suspendCurrentQueueMs);
        positive("persistIntervalMs", persistIntervalMs);
        positive("lockRenewIntervalMs", lockRenewIntervalMs);
        positive("awaitTerminationMs", awaitTerminationMs);
        if (consumeThreadsMax < consumeThreadsMin) {
            throw new IllegalArgumentException("consumeThreadsMax " + consumeThreadsMax + " is below consumeThreadsMin "
                    + consumeThreadsMin);
        }
        if (retryDelayLevel < -1 || retryDelayLevel > 18) {
            throw new IllegalArgumentException("retryDelayLevel must be -1 (3 + reconsume times), 0 (none) or 1..18, "
                    + "got " + retryDelayLevel);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
