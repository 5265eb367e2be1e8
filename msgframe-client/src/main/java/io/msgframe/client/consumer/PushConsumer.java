package io.msgframe.client.consumer;

import io.msgframe.client.MsgFrameClient;
import io.msgframe.client.consumer.rebalance.Rebalancer;
import io.msgframe.protocol.body.ConsumeType;
import io.msgframe.protocol.body.ConsumerData;
import io.msgframe.protocol.body.MessageModel;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.remoting.NamedThreadFactory;
import io.msgframe.remoting.RemotingExecutors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A push consumer (RocketMQ's {@code DefaultMQPushConsumer}, reference §7.2): subscribe topics, {@link #start()},
 * and a listener is called with the messages of the queues this member owns. Wiring only: a {@link QueuePuller} per
 * owned queue long-polls into its {@link ProcessQueue} (flow control by cached count and bytes), a
 * {@link ConcurrentDispatcher} or {@link OrderlyDispatcher} runs the listener on the consume threads
 * ({@code msgframe-consume-<group>-N}), the {@link Rebalancer} shares the queues among the group's members, and
 * orderly clustering consumers hold each queue's broker lock through a {@link QueueLockKeeper}.
 *
 * <p>Delivery is at least once. The offset committed for a queue is the smallest offset still cached or being
 * consumed (or the pull position when none is), persisted every 5 s, when the queue moves to another member
 * (orderly: after its message under way finished, and before its lock is released) and at {@link #close()}.
 * Clustering consumers also read {@code %RETRY%<group>}; failed messages go there (and after
 * {@code maxReconsumeTimes} to {@code %DLQ%<group>}) by the 4.9 client's fallback send (see {@link RetrySender}).
 */
public final class PushConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushConsumer.class);

    private final PushConsumerConfig config;
    private final MsgFrameClient client;
    private final OffsetStore offsets;
    private final StartOffsets startOffsets;
    private final PullApi pulls;
    private final QueueFetcher.Settings settings;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor consumePool;
    private final ScheduledThreadPoolExecutor lockThread;
    private final QueueLockKeeper locks;
    private final ConsumeDispatcher dispatcher;
    private final Map<String, SubscriptionData> subscriptions = new ConcurrentHashMap<>();
    private final Map<MessageQueue, ProcessQueue> queues = new ConcurrentHashMap<>();
    private volatile Rebalancer rebalancer;
    private volatile boolean started;
    private volatile boolean closed;

    PushConsumer(PushConsumerConfig config, MessageListenerConcurrently concurrent, MessageListenerOrderly orderly) {
        this.config = config;
        this.client = MsgFrameClient.forConsumer(config.client(), config.group(), this::consumerData,
                this::membersChanged);
        boolean clustering = config.messageModel() == MessageModel.CLUSTERING;
        BrokerOffsets brokerOffsets = new BrokerOffsets(client.remoting(), client.routes(),
                config.client().requestTimeoutMs());
        try {
            this.offsets = clustering ? new RemoteOffsetStore(config.group(), brokerOffsets)
                    : new LocalFileOffsetStore(config.offsetStoreDir(), client.clientId(), config.group());
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
        this.scheduler = new ScheduledThreadPoolExecutor(2, new NamedThreadFactory("msgframe-push-" + config.group(),
                true));
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.consumePool = new ThreadPoolExecutor(config.consumeThreadsMax(), config.consumeThreadsMax(), 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamedThreadFactory("msgframe-consume-" + config.group(), true));
        consumePool.allowCoreThreadTimeOut(true);
        for (int i = 0; i < config.consumeThreadsMin(); i++) {
            consumePool.prestartCoreThread();
        }
        RetrySender retries = clustering ? new RetrySender(client.remoting(), client.routes(), config.group(),
                config.maxReconsumeTimes(), config.retryDelayLevel(), config.client().requestTimeoutMs()) : null;
        if (orderly != null && clustering) {
            this.lockThread = new ScheduledThreadPoolExecutor(1,
                    new NamedThreadFactory("msgframe-lock-" + config.group(), true));
            lockThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            this.locks = new QueueLockKeeper(client.remoting(), client.routes(), config.group(), client.clientId(),
                    config.client().requestTimeoutMs(), lockThread);
        } else {
            this.lockThread = null;
            this.locks = null;
        }
        this.dispatcher = orderly != null
                ? new OrderlyDispatcher(orderly, consumePool, scheduler,
                        pq -> locks == null || locks.isLocked(pq.queue()), retries, offsets,
                        config.maxReconsumeTimes(), config.suspendCurrentQueueMs())
                : new ConcurrentDispatcher(concurrent, consumePool, scheduler, config.consumeBatchSize(), retries,
                        offsets);
    }

    public static PushConsumerBuilder builder(String group) {
        return new PushConsumerBuilder(group);
    }

    public PushConsumerConfig config() {
        return config;
    }

    /** {@code ip@instanceName} of the client instance this consumer uses. */
    public String clientId() {
        return client.clientId();
    }

    /** Subscribes to {@code topic} with a tag expression ({@code "*"}, {@code "A || B"}); before or after start. */
    public synchronized void subscribe(String topic, String tagExpression) {
        checkOpen();
        subscriptions.put(topic, SubscriptionData.ofTags(topic, tagExpression, System.currentTimeMillis()));
        client.routes().subscribeQueues(topic, true);
        if (started) {
            client.sendHeartbeats();
            rebalancer.requestNow();
        }
    }

    /**
     * Starts consuming: clustering consumers also subscribe to {@code %RETRY%<group>}; heartbeats carry the
     * subscriptions; the rebalance runs now and every interval.
     */
    public synchronized void start() {
        checkOpen();
        if (started) {
            return;
        }
        if (subscriptions.isEmpty()) {
            throw new IllegalStateException("subscribe to at least one topic before starting the consumer of group '"
                    + config.group() + "'");
        }
        if (config.messageModel() == MessageModel.CLUSTERING) {
            String retryTopic = TopicNames.retryTopic(config.group());
            subscriptions.putIfAbsent(retryTopic, SubscriptionData.ofTags(retryTopic, SubscriptionData.SUB_ALL,
                    System.currentTimeMillis()));
        }
        started = true;
        scheduler.scheduleWithFixedDelay(this::persistOffsets, config.persistIntervalMs(), config.persistIntervalMs(),
                TimeUnit.MILLISECONDS);
        if (locks != null) {
            locks.start(config.lockRenewIntervalMs());
        }
        client.sendHeartbeats();
        rebalancer = new Rebalancer(config.group(), client.clientId(), config.messageModel(), config.strategy(),
                client.routes(), client.remoting(), config.client().requestTimeoutMs(),
                () -> Set.copyOf(subscriptions.keySet()), this::assignmentChanged);
        rebalancer.start(Duration.ofMillis(config.rebalanceIntervalMs()));
    }

    /** The queues this member consumes now (orderly: including queues whose lock is still being asked for). */
    public Set<MessageQueue> assignment() {
        return new TreeSet<>(queues.keySet());
    }

    private void assignmentChanged(String topic, Set<MessageQueue> added, Set<MessageQueue> removed) {
        removed.forEach(this::removeQueue);
        SubscriptionData subscription = subscriptions.get(topic);
        if (subscription != null && !closed) {
            added.forEach(q -> addQueue(q, subscription));
        }
    }

    private void addQueue(MessageQueue queue, SubscriptionData subscription) {
        ProcessQueue pq = new ProcessQueue(queue);
        QueuePuller puller = new QueuePuller(pq, subscription, pulls, scheduler, settings,
                p -> startOffsets.resolve(p.queue()), dispatcher::dispatch);
        queues.put(queue, pq);
        if (locks != null) {
            // orderly: the start offset is read only once the lock is held, i.e. after the old owner committed
            locks.track(queue, () -> {
                puller.start();
                dispatcher.wake(pq);
            });
        } else {
            puller.start();
        }
    }

    /**
     * Gives a queue up (rebalance): stops its pulls and dispatch, waits (orderly) for the message under way,
     * persists its commit offset so the next owner resumes there, then releases its broker lock.
     */
    private void removeQueue(MessageQueue queue) {
        ProcessQueue pq = queues.remove(queue);
        if (pq == null) {
            return;
        }
        pq.drop();
        boolean idle = true;
        if (locks != null) {
            try {
                idle = pq.consumeLock().tryLock(config.awaitTerminationMs(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                idle = false;
            }
        }
        try {
            commit(pq);
        } finally {
            if (locks != null && idle) {
                pq.consumeLock().unlock();
                locks.release(queue);
            } else if (locks != null) {
                log.warn("{} still busy after {} ms; its broker lock is left to expire", queue,
                        config.awaitTerminationMs());
            }
            offsets.remove(queue);
        }
    }

    private void commit(ProcessQueue pq) {
        long offset = pq.commitOffset();
        if (offset >= 0) {
            offsets.update(pq.queue(), offset);
        }
        try {
            offsets.persist(List.of(pq.queue()));
        } catch (RuntimeException e) {
            log.warn("Offset {} of released {} for group {} not persisted: {}", offset, pq.queue(), config.group(),
                    e.getMessage());
        }
    }

    private void persistOffsets() {
        List<MessageQueue> owned = new ArrayList<>();
        queues.values().forEach(pq -> {
            long offset = pq.commitOffset();
            if (offset >= 0 && !pq.isDropped()) {
                offsets.update(pq.queue(), offset);
                owned.add(pq.queue());
            }
        });
        offsets.persistAsync(owned).whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("Offsets of group {} not persisted this round: {}", config.group(), e.getMessage());
            }
        });
    }

    private ConsumerData consumerData() {
        if (!started || subscriptions.isEmpty()) {
            return null;
        }
        return new ConsumerData(config.group(), ConsumeType.CONSUME_PASSIVELY, config.messageModel(),
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
     * Stops rebalancing and pulling, waits up to {@code awaitTermination} for messages being consumed (those not
     * started stay uncommitted), persists the offsets, releases the orderly locks, leaves the group
     * (UNREGISTER_CLIENT, so the others take its queues at once) and gives back the client instance.
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
        dispatcher.stop();
        scheduler.shutdownNow();
        consumePool.shutdown();
        boolean terminated = false;
        try {
            terminated = consumePool.awaitTermination(config.awaitTerminationMs(), TimeUnit.MILLISECONDS);
            if (!terminated) {
                log.warn("Consumer of group {}: listeners still running after {} ms", config.group(),
                        config.awaitTerminationMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<MessageQueue> owned = new ArrayList<>();
        queues.values().forEach(pq -> {
            long offset = pq.commitOffset();
            if (offset >= 0) {
                offsets.update(pq.queue(), offset);
                owned.add(pq.queue());
            }
            pq.drop();
        });
        try {
            offsets.persist(owned);
        } catch (RuntimeException e) {
            log.warn("Offsets of group {} not persisted at close: {}", config.group(), e.getMessage());
        }
        if (locks != null) {
            RemotingExecutors.shutdown(lockThread, Duration.ofSeconds(3));
            if (terminated) {
                locks.releaseAll(); // a listener still running keeps its queue locked until the broker expires it
            }
        }
        consumePool.shutdownNow();
        client.unregisterConsumer(config.group());
        client.close();
    }
}
