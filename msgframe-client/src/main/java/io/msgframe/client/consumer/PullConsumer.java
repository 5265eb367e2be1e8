package io.msgframe.client.consumer;

import io.msgframe.client.MsgFrameClient;
import io.msgframe.client.consumer.rebalance.Rebalancer;
import io.msgframe.protocol.body.ConsumeType;
import io.msgframe.protocol.body.ConsumerData;
import io.msgframe.protocol.body.MessageModel;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.remoting.NamedThreadFactory;
import io.msgframe.remoting.RemotingExecutors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A pull consumer in the style of RocketMQ's lite pull consumer (reference §7.5): {@link #subscribe} topics (the
 * group's members share the queues, rebalanced on membership changes) or {@link #assign} queues, then
 * {@link #poll} in a loop. Background pulls (long polling) fill a bounded buffer per queue; poll hands out what is
 * buffered. Delivery is at-least-once: with auto-commit, each poll marks what earlier polls returned as consumed,
 * and those offsets are persisted every interval, when a queue moves to another member, and at {@link #close()};
 * a crash or a rebalance can therefore deliver the last messages again (see {@link IdempotentFilter}).
 * CLUSTERING keeps offsets on the brokers, BROADCASTING in a local file. Poll, seek and commit from one thread.
 */
public final class PullConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PullConsumer.class);

    private final PullConsumerConfig config;
    private final MsgFrameClient client;
    private final BrokerOffsets brokerOffsets;
    private final OffsetStore offsets;
    private final StartOffsets startOffsets;
    private final PullApi pulls;
    private final QueueFetcher.Settings settings;
    private final ScheduledThreadPoolExecutor pullExecutor;
    private final Map<String, SubscriptionData> subscriptions = new ConcurrentHashMap<>();
    private final Map<MessageQueue, QueueFetcher> fetchers = new ConcurrentHashMap<>();
    private final Object arrivals = new Object();
    private volatile long arrivalCount;
    private volatile Rebalancer rebalancer;
    private boolean assigned;
    private int nextQueue;
    private volatile boolean closed;

    PullConsumer(PullConsumerConfig config) {
        this.config = config;
        this.client = MsgFrameClient.forConsumer(config.client(), config.group(), this::consumerData,
                this::membersChanged);
        try {
            this.brokerOffsets = new BrokerOffsets(client.remoting(), client.routes(),
                    config.client().requestTimeoutMs());
            this.offsets = config.messageModel() == MessageModel.BROADCASTING
                    ? new LocalFileOffsetStore(config.offsetStoreDir(), client.clientId(), config.group())
                    : new RemoteOffsetStore(config.group(), brokerOffsets);
        } catch (RuntimeException e) {
            client.unregisterConsumer(config.group());
            client.close();
            throw e;
        }
        this.startOffsets = new StartOffsets(offsets, brokerOffsets, config.consumeFromWhere(),
                config.consumeTimestampMs());
        this.pulls = new PullApi(client.remoting(), client.routes(), config.group(),
                config.client().requestTimeoutMs());
        this.settings = new QueueFetcher.Settings(config.pullBatchSize(), config.longPollSuspendMs(),
                config.pullThresholdForQueue(), config.pullThresholdBytesForQueue());
        this.pullExecutor = new ScheduledThreadPoolExecutor(config.pullThreads(),
                new NamedThreadFactory("msgframe-pull-" + config.group(), true));
        pullExecutor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pullExecutor.scheduleWithFixedDelay(this::persistOffsets, config.autoCommitIntervalMs(),
                config.autoCommitIntervalMs(), TimeUnit.MILLISECONDS);
    }

    public static PullConsumerBuilder builder(String group) {
        return new PullConsumerBuilder(group);
    }

    public PullConsumerConfig config() {
        return config;
    }

    /** {@code ip@instanceName} of the client instance this consumer uses, as the group's member list shows it. */
    public String clientId() {
        return client.clientId();
    }

    /**
     * Subscribes to {@code topic} with a tag expression ({@code "*"}, {@code "A || B"}); the group's members
     * share its queues. Not with {@link #assign}.
     */
    public synchronized void subscribe(String topic, String tagExpression) {
        checkOpen();
        if (assigned) {
            throw new IllegalStateException("this consumer was given queues with assign(); it cannot also subscribe");
        }
        subscriptions.put(topic, SubscriptionData.ofTags(topic, tagExpression, System.currentTimeMillis()));
        client.routes().subscribeQueues(topic, true);
        if (rebalancer == null) {
            rebalancer = new Rebalancer(config.group(), client.clientId(), config.messageModel(), config.strategy(),
                    client.routes(), client.remoting(), config.client().requestTimeoutMs(),
                    () -> Set.copyOf(subscriptions.keySet()), this::assignmentChanged);
            rebalancer.start(Duration.ofMillis(config.rebalanceIntervalMs()));
        }
        client.sendHeartbeats();
        rebalancer.requestNow();
    }

    /** Stops reading {@code topic}; its queues are given up at the next rebalance round, started now. */
    public synchronized void unsubscribe(String topic) {
        subscriptions.remove(topic);
        client.sendHeartbeats();
        if (rebalancer != null) {
            rebalancer.requestNow();
        }
    }

    /** Reads exactly these queues (all tags), outside any rebalance; replaces an earlier assignment. */
    public synchronized void assign(Collection<MessageQueue> queues) {
        checkOpen();
        if (!subscriptions.isEmpty()) {
            throw new IllegalStateException("this consumer subscribed to topics; it cannot also assign queues");
        }
        assigned = true;
        Set<MessageQueue> wanted = new TreeSet<>(queues);
        wanted.forEach(q -> client.routes().subscribeQueues(q.topic(), false));
        for (MessageQueue queue : Set.copyOf(fetchers.keySet())) {
            if (!wanted.contains(queue)) {
                revoke(queue);
            }
        }
        wanted.stream().filter(q -> !fetchers.containsKey(q))
                .forEach(q -> open(q, SubscriptionData.ofTags(q.topic(), SubscriptionData.SUB_ALL, 0)));
    }

    /** The queues this consumer reads now. */
    public Set<MessageQueue> assignment() {
        return new TreeSet<>(fetchers.keySet());
    }

    /** {@link #poll(Duration)} with the configured poll timeout. */
    public List<ReceivedMessage> poll() {
        return poll(Duration.ofMillis(config.pollTimeoutMs()));
    }

    /**
     * Up to {@code pullBatchSize} buffered messages, taken from the queues in turn; waits up to {@code timeout} for
     * the first one, then returns what there is (an empty list when nothing came).
     */
    public List<ReceivedMessage> poll(Duration timeout) {
        checkOpen();
        if (config.autoCommit()) {
            fetchers.values().forEach(f -> {
                long processed = f.markProcessed();
                if (processed >= 0) {
                    offsets.update(f.queue(), processed);
                }
            });
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReceivedMessage> out = new ArrayList<>();
        while (true) {
            long seen = arrivalCount;
            List<QueueFetcher> all = new ArrayList<>(fetchers.values());
            for (int i = 0; i < all.size() && out.size() < config.pullBatchSize(); i++) {
                all.get((nextQueue + i) % all.size()).take(out, config.pullBatchSize() - out.size());
            }
            nextQueue++;
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (!out.isEmpty() || remainingMs <= 0 || closed) {
                return out;
            }
            synchronized (arrivals) {
                if (arrivalCount == seen) {
                    try {
                        arrivals.wait(Math.min(remainingMs, 100));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return out;
                    }
                }
            }
        }
    }

    /** The next poll of {@code queue} starts at {@code offset}; buffered messages of the queue are dropped. */
    public void seek(MessageQueue queue, long offset) {
        fetcher(queue).seek(offset);
    }

    public void seekToBeginning(MessageQueue queue) {
        seek(queue, brokerOffsets.minOffset(fetcher(queue).queue()));
    }

    public void seekToEnd(MessageQueue queue) {
        seek(queue, brokerOffsets.maxOffset(fetcher(queue).queue()));
    }

    /** Seeks to the first message stored at or after {@code timestampMs} (the end when all are older). */
    public void seekToTimestamp(MessageQueue queue, long timestampMs) {
        seek(queue, brokerOffsets.offsetForTimestamp(fetcher(queue).queue(), timestampMs));
    }

    /** Commits the position after every message polled so far, and waits until persisted. */
    public void commitSync() {
        offsets.persist(markAllConsumed());
    }

    /** {@link #commitSync()} without waiting. */
    public CompletableFuture<Void> commitAsync() {
        return offsets.persistAsync(markAllConsumed());
    }

    /** The group's persisted offset of {@code queue} (broker or local file), or empty when none. */
    public OptionalLong committed(MessageQueue queue) {
        client.routes().subscribeQueues(queue.topic(), false);
        return offsets.readPersisted(queue);
    }

    private List<MessageQueue> markAllConsumed() {
        List<MessageQueue> queues = new ArrayList<>();
        fetchers.values().forEach(f -> {
            long consumed = f.consumedOffset();
            if (consumed >= 0) {
                offsets.update(f.queue(), consumed);
                queues.add(f.queue());
            }
        });
        return queues;
    }

    private QueueFetcher fetcher(MessageQueue queue) {
        QueueFetcher fetcher = fetchers.get(queue);
        if (fetcher == null) {
            throw new IllegalStateException(queue + " is not assigned to this consumer; assignment: " + assignment());
        }
        return fetcher;
    }

    private void assignmentChanged(String topic, Set<MessageQueue> added, Set<MessageQueue> removed) {
        removed.forEach(this::revoke);
        SubscriptionData subscription = subscriptions.get(topic);
        if (subscription != null && !closed) {
            added.forEach(q -> open(q, subscription));
        }
    }

    private void open(MessageQueue queue, SubscriptionData subscription) {
        QueueFetcher fetcher = new QueueFetcher(queue, subscription, pulls, pullExecutor, settings,
                startOffsets::resolve, this::messagesArrived);
        fetchers.put(queue, fetcher);
        fetcher.start();
    }

    /** Stops reading a queue; with auto-commit persists what earlier polls returned, so the next owner goes on. */
    private void revoke(MessageQueue queue) {
        QueueFetcher fetcher = fetchers.remove(queue);
        if (fetcher == null) {
            return;
        }
        fetcher.close();
        long processed = fetcher.processedOffset();
        if (config.autoCommit() && processed >= 0) {
            offsets.update(queue, processed);
        }
        try {
            offsets.persist(List.of(queue));
        } catch (RuntimeException e) {
            log.warn("Offset of revoked {} for group {} not persisted: {}", queue, config.group(), e.getMessage());
        }
        offsets.remove(queue);
    }

    private void persistOffsets() {
        offsets.persistAsync(new ArrayList<>(fetchers.keySet())).whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("Offsets of group {} not persisted this round: {}", config.group(), e.getMessage());
            }
        });
    }

    private void messagesArrived() {
        synchronized (arrivals) {
            arrivalCount++;
            arrivals.notifyAll();
        }
    }

    private ConsumerData consumerData() {
        if (subscriptions.isEmpty()) {
            return null;
        }
        return new ConsumerData(config.group(), ConsumeType.CONSUME_ACTIVELY, config.messageModel(),
                config.consumeFromWhere(), Set.copyOf(subscriptions.values()), false);
    }

    private void membersChanged() {
        Rebalancer current = rebalancer;
        if (current != null) {
            current.requestNow();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("consumer of group '" + config.group() + "' is closed");
        }
    }

    /**
     * Stops rebalancing and pulling, persists the offsets (with auto-commit: after every message polled), leaves the
     * group (UNREGISTER_CLIENT, so the others take its queues at once) and gives back the client instance.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (rebalancer != null) {
            rebalancer.close();
        }
        List<MessageQueue> owned = config.autoCommit() ? markAllConsumed() : new ArrayList<>(fetchers.keySet());
        fetchers.values().forEach(QueueFetcher::close);
        try {
            offsets.persist(owned);
        } catch (RuntimeException e) {
            log.warn("Offsets of group {} not persisted at close: {}", config.group(), e.getMessage());
        }
        RemotingExecutors.shutdown(pullExecutor, Duration.ofSeconds(3));
        client.unregisterConsumer(config.group());
        client.close();
    }
}
