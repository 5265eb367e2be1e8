package io.msgframe.client.consumer;

import io.msgframe.client.ClientConfig;
import io.msgframe.client.consumer.rebalance.RebalanceStrategy;
import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.MessageModel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Builds a {@link PushConsumer} (then subscribe and {@link PushConsumer#start()}). Defaults: CLUSTERING; a new group
 * starts at the last offset; average rebalance every 20 s; 4 to 20 consume threads; 1 message per listener call;
 * 32 messages per pull, long polls held 15 s; per queue at most 1000 messages or 100 MiB cached; 16 reconsume
 * times; orderly queues suspended 1 s after a failure; offsets persisted every 5 s; orderly locks renewed every
 * 20 s; close waits up to 10 s for messages being consumed.
 */
public final class PushConsumerBuilder {
    private final String group;
    private final ClientConfig.Builder client = ClientConfig.builder();
    private ClientConfig clientConfig;
    private MessageModel messageModel = MessageModel.CLUSTERING;
    private ConsumeFromWhere consumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
    private long consumeTimestampMs = System.currentTimeMillis() - Duration.ofMinutes(30).toMillis();
    private RebalanceStrategy strategy = RebalanceStrategy.average();
    private long rebalanceIntervalMs = 20_000;
    private int consumeThreadsMin = 4;
    private int consumeThreadsMax = 20;
    private int consumeBatchSize = 1;
    private int pullBatchSize = 32;
    private long longPollSuspendMs = 15_000;
    private int pullThresholdForQueue = 1_000;
    private long pullThresholdBytesForQueue = 100L << 20;
    private int maxReconsumeTimes = 16;
    private long suspendCurrentQueueMs = 1_000;
    private int retryDelayLevel = -1;
    private long persistIntervalMs = 5_000;
    private long lockRenewIntervalMs = 20_000;
    private long awaitTerminationMs = 10_000;
    private Path offsetStoreDir = Path.of(System.getProperty("user.home"), ".msgframe_offsets");
    private MessageListenerConcurrently concurrent;
    private MessageListenerOrderly orderly;

    PushConsumerBuilder(String group) {
        this.group = group;
    }

    /** Name servers, "host:port" separated by {@code ;}. */
    public PushConsumerBuilder namesrvAddr(String addrs) {
        client.namesrvAddr(addrs);
        return this;
    }

    /** The part of the client id after {@code ip@}; default unique per instance (broadcasting: make it stable). */
    public PushConsumerBuilder instanceName(String instanceName) {
        client.instanceName(instanceName);
        return this;
    }

    /** All client-instance settings at once; overrides the name server and instance name setters. */
    public PushConsumerBuilder clientConfig(ClientConfig config) {
        this.clientConfig = config;
        return this;
    }

    /** CLUSTERING: the members share the queues, offsets on the brokers; BROADCASTING: each reads all. */
    public PushConsumerBuilder messageModel(MessageModel model) {
        this.messageModel = model;
        return this;
    }

    /** Where a queue the group never committed starts: first, last (default) or timestamp. */
    public PushConsumerBuilder consumeFromWhere(ConsumeFromWhere where) {
        this.consumeFromWhere = where;
        return this;
    }

    /** {@code CONSUME_FROM_TIMESTAMP} from {@code time}: the first message stored at or after it. */
    public PushConsumerBuilder consumeFromTimestamp(Instant time) {
        this.consumeFromWhere = ConsumeFromWhere.CONSUME_FROM_TIMESTAMP;
        this.consumeTimestampMs = time.toEpochMilli();
        return this;
    }

    public PushConsumerBuilder rebalanceStrategy(RebalanceStrategy strategy) {
        this.strategy = strategy;
        return this;
    }

    public PushConsumerBuilder rebalanceInterval(Duration interval) {
        this.rebalanceIntervalMs = interval.toMillis();
        return this;
    }

    /** Consume threads: {@code min} started at once, up to {@code max} under load (idle ones end after 60 s). */
    public PushConsumerBuilder consumeThreads(int min, int max) {
        this.consumeThreadsMin = min;
        this.consumeThreadsMax = max;
        return this;
    }

    /** Messages per call of a concurrent listener (orderly listeners always get one). */
    public PushConsumerBuilder consumeBatchSize(int size) {
        this.consumeBatchSize = size;
        return this;
    }

    public PushConsumerBuilder pullBatchSize(int size) {
        this.pullBatchSize = size;
        return this;
    }

    /** How long the broker may hold a pull while nothing is new. */
    public PushConsumerBuilder longPollSuspend(Duration suspend) {
        this.longPollSuspendMs = suspend.toMillis();
        return this;
    }

    /** Flow control: pulls of a queue pause while this many messages or body bytes are cached for it. */
    public PushConsumerBuilder pullThresholds(int messagesPerQueue, long bytesPerQueue) {
        this.pullThresholdForQueue = messagesPerQueue;
        this.pullThresholdBytesForQueue = bytesPerQueue;
        return this;
    }

    /** Deliveries of a failing message before it goes to {@code %DLQ%<group>} (see {@link PushConsumer}). */
    public PushConsumerBuilder maxReconsumeTimes(int times) {
        this.maxReconsumeTimes = times;
        return this;
    }

    /** How long an orderly queue waits after a failed message before delivering it again. */
    public PushConsumerBuilder suspendCurrentQueueTime(Duration time) {
        this.suspendCurrentQueueMs = time.toMillis();
        return this;
    }

    /**
     * The DELAY level of messages sent back to the retry topic: -1 (default) is RocketMQ's {@code 3 + reconsume
     * times}; 0 sends them back without delay. (The MsgFrame broker stores DELAY but does not honour it yet.)
     */
    public PushConsumerBuilder retryDelayLevel(int level) {
        this.retryDelayLevel = level;
        return this;
    }

    public PushConsumerBuilder persistInterval(Duration interval) {
        this.persistIntervalMs = interval.toMillis();
        return this;
    }

    /** How long {@link PushConsumer#close()} waits for messages being consumed. */
    public PushConsumerBuilder awaitTermination(Duration bound) {
        this.awaitTerminationMs = bound.toMillis();
        return this;
    }

    /** Where broadcasting consumers keep {@code <clientId>/<group>/offsets.json}. */
    public PushConsumerBuilder offsetStoreDir(Path dir) {
        this.offsetStoreDir = dir;
        return this;
    }

    /** Consume with a concurrent listener (not with {@link #orderlyListener}). */
    public PushConsumerBuilder concurrentListener(MessageListenerConcurrently listener) {
        this.concurrent = listener;
        return this;
    }

    /** Consume each queue in order with its broker lock held (not with {@link #concurrentListener}). */
    public PushConsumerBuilder orderlyListener(MessageListenerOrderly listener) {
        this.orderly = listener;
        return this;
    }

    public PushConsumerConfig config() {
        return new PushConsumerConfig(group, clientConfig != null ? clientConfig : client.build(), messageModel,
                consumeFromWhere, consumeTimestampMs, strategy, rebalanceIntervalMs, consumeThreadsMin,
                consumeThreadsMax, consumeBatchSize, pullBatchSize, longPollSuspendMs, pullThresholdForQueue,
                pullThresholdBytesForQueue, maxReconsumeTimes, suspendCurrentQueueMs, retryDelayLevel,
                persistIntervalMs, lockRenewIntervalMs, awaitTerminationMs, offsetStoreDir);
    }

    /** Builds the consumer (not started: subscribe, then {@link PushConsumer#start()}). */
    public PushConsumer build() {
        if ((concurrent == null) == (orderly == null)) {
            throw new IllegalStateException("give exactly one listener: concurrentListener or orderlyListener");
        }
        return new PushConsumer(config(), concurrent, orderly);
    }
}
