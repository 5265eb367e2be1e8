package io.msgframe.client.consumer;

import io.msgframe.client.ClientConfig;
import io.msgframe.client.consumer.rebalance.RebalanceStrategy;
import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.MessageModel;

import java.nio.file.Path;

/**
 * Settings of a {@link PullConsumer}; built by {@link PullConsumerBuilder}, which documents each one and its
 * default.
 */
public record PullConsumerConfig(String group, ClientConfig client, MessageModel messageModel,
                                 ConsumeFromWhere consumeFromWhere, long consumeTimestampMs,
                                 RebalanceStrategy strategy, long rebalanceIntervalMs, boolean autoCommit,
                                 long autoCommitIntervalMs, int pullBatchSize, long pollTimeoutMs,
                                 long longPollSuspendMs, int pullThresholdForQueue, long pullThresholdBytesForQueue,
                                 int pullThreads, Path offsetStoreDir) {

    public PullConsumerConfig {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("a consumer needs a group name");
        }
        positive("rebalanceIntervalMs", rebalanceIntervalMs);
        positive("autoCommitIntervalMs", autoCommitIntervalMs);
        positive("pullBatchSize", pullBatchSize);
        positive("pollTimeoutMs", pollTimeoutMs);
        positive("longPollSuspendMs", longPollSuspendMs);
        positive("pullThresholdForQueue", pullThresholdForQueue);
        positive("pullThresholdBytesForQueue", pullThresholdBytesForQueue);
        positive("pullThreads", pullThreads);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
