package io.msgframe.client.consumer;

import io.msgframe.client.ClientConfig;
import io.msgframe.client.consumer.rebalance.RebalanceStrategy;
import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.MessageModel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Builds and starts a {@link PullConsumer}. Defaults: CLUSTERING; a new group starts at the last offset; average
 * rebalance every 20 s; auto-commit on, every 5 s; 32 messages per pull and per poll; poll timeout 5 s; long polls
 * held 20 s; per queue at most 1000 messages or 100 MiB buffered; 4 pull threads; broadcasting offsets under
 * {@code ~/.msgframe_offsets}.
 */
public final class PullConsumerBuilder {
    private final String group;
    private final ClientConfig.Builder client = ClientConfig.builder();
    private ClientConfig clientConfig;
    private MessageModel messageModel = MessageModel.CLUSTERING;
    private ConsumeFromWhere consumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
    private long consumeTimestampMs = System.currentTimeMillis() - Duration.ofMinutes(30).toMillis();
    private RebalanceStrategy strategy = RebalanceStrategy.average();
    private long rebalanceIntervalMs = 20_000;
    private boolean autoCommit = true;
    private long autoCommitIntervalMs = 5_000;
    private int pullBatchSize = 32;
    private long pollTimeoutMs = 5_000;
    private long longPollSuspendMs = 20_000;
    private int pullThresholdForQueue = 1_000;
    private long pullThresholdBytesForQueue = 100L << 20;
    private int pullThreads = 4;
    private Path offsetStoreDir = Path.of(System.getProperty("user.home"), ".msgframe_offsets");

    PullConsumerBuilder(String group) {
        this.group = group;
    }

    /** Name servers, "host:port" separated by {@code ;}. */
    public PullConsumerBuilder namesrvAddr(String addrs) {
        client.namesrvAddr(addrs);
        return this;
    }

    /**
     * The part of the client id after {@code ip@}; default unique per instance. Broadcasting consumers that must
     * find their offset file again after a restart need a stable one.
     */
    public PullConsumerBuilder instanceName(String instanceName) {
        client.instanceName(instanceName);
        return this;
    }

    public PullConsumerBuilder heartbeatInterval(Duration interval) {
        client.heartbeatInterval(interval);
        return this;
    }

    /** All client-instance settings at once; overrides the name server, instance name and heartbeat setters. */
    public PullConsumerBuilder clientConfig(ClientConfig config) {
        this.clientConfig = config;
        return this;
    }

    /** CLUSTERING: the group's members share the queues, offsets on the brokers; BROADCASTING: each reads all. */
    public PullConsumerBuilder messageModel(MessageModel model) {
        this.messageModel = model;
        return this;
    }

    /** Where a queue the group never committed starts: first, last (default) or timestamp. */
    public PullConsumerBuilder consumeFromWhere(ConsumeFromWhere where) {
        this.consumeFromWhere = where;
        return this;
    }

    /** {@code CONSUME_FROM_TIMESTAMP} from {@code time}: the first message stored at or after it. */
    public PullConsumerBuilder consumeFromTimestamp(Instant time) {
        this.consumeFromWhere = ConsumeFromWhere.CONSUME_FROM_TIMESTAMP;
        this.consumeTimestampMs = time.toEpochMilli();
        return this;
    }

    public PullConsumerBuilder rebalanceStrategy(RebalanceStrategy strategy) {
        this.strategy = strategy;
        return this;
    }

    /** How often the periodic rebalance runs (it also runs at once when the broker says the members changed). */
    public PullConsumerBuilder rebalanceInterval(Duration interval) {
        this.rebalanceIntervalMs = interval.toMillis();
        return this;
    }

    /** Auto-commit: each poll marks what earlier polls returned as consumed; persisted every interval. */
    public PullConsumerBuilder autoCommit(boolean enabled) {
        this.autoCommit = enabled;
        return this;
    }

    public PullConsumerBuilder autoCommitInterval(Duration interval) {
        this.autoCommitIntervalMs = interval.toMillis();
        return this;
    }

    /** Messages per pull request, and at most per poll. */
    public PullConsumerBuilder pullBatchSize(int size) {
        this.pullBatchSize = size;
        return this;
    }

    /** The timeout of {@link PullConsumer#poll()}. */
    public PullConsumerBuilder pollTimeout(Duration timeout) {
        this.pollTimeoutMs = timeout.toMillis();
        return this;
    }

    public PullConsumerBuilder longPollSuspend(Duration suspend) {
        this.longPollSuspendMs = suspend.toMillis();
        return this;
    }

    /** Flow control: pulls of a queue pause while this many messages or bytes wait in its buffer. */
    public PullConsumerBuilder pullThresholds(int messagesPerQueue, long bytesPerQueue) {
        this.pullThresholdForQueue = messagesPerQueue;
        this.pullThresholdBytesForQueue = bytesPerQueue;
        return this;
    }

    public PullConsumerBuilder pullThreads(int threads) {
        this.pullThreads = threads;
        return this;
    }

    /** Where broadcasting consumers keep {@code <clientId>/<group>/offsets.json}. */
    public PullConsumerBuilder offsetStoreDir(Path dir) {
        this.offsetStoreDir = dir;
        return this;
    }

    public PullConsumerConfig config() {
        return new PullConsumerConfig(group, clientConfig != null ? clientConfig : client.build(), messageModel,
                consumeFromWhere, consumeTimestampMs, strategy, rebalanceIntervalMs, autoCommit,
                autoCommitIntervalMs, pullBatchSize, pollTimeoutMs, longPollSuspendMs, pullThresholdForQueue,
                pullThresholdBytesForQueue, pullThreads, offsetStoreDir);
    }

    /** Builds and starts the consumer (no queue yet: call subscribe or assign). */
    public PullConsumer build() {
        return new PullConsumer(config());
    }
}
