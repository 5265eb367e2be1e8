package io.msgframe.client.consumer.rebalance;

import io.msgframe.client.internal.RemotingFailures;
import io.msgframe.client.route.TopicRoutes;
import io.msgframe.protocol.body.GetConsumerListByGroupResponseBody;
import io.msgframe.protocol.body.MessageModel;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.NamedThreadFactory;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingExecutors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The rebalance of one consumer (reference §7.2 step 5): for each subscribed topic, the topic's readable queues
 * from its route and — CLUSTERING — the group's members (GET_CONSUMER_LIST_BY_GROUP to a broker of the topic),
 * both sorted, shared out by the {@link RebalanceStrategy}; BROADCASTING members take every queue. Changes go to the
 * {@link AssignmentListener}. Runs on its own thread {@code msgframe-rebalance-<group>}: every interval, and at once
 * on {@link #requestNow()} (the broker's NOTIFY_CONSUMER_IDS_CHANGED). A round that cannot learn the queues or the
 * members of a topic keeps that topic's current share and tries again 1 s later.
 */
public final class Rebalancer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);
    private static final long RETRY_MS = 1_000;
    private static final long[] SETTLING_ROUNDS_MS = {1_000, 3_000, 7_000};

    private final String group;
    private final String clientId;
    private final MessageModel model;
    private final RebalanceStrategy strategy;
    private final TopicRoutes routes;
    private final RemotingClient remoting;
    private final long timeoutMs;
    private final Supplier<Set<String>> topics;
    private final AssignmentListener listener;
    private final Map<String, Set<MessageQueue>> assigned = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread;
    private volatile boolean retryScheduled;

    public Rebalancer(String group, String clientId, MessageModel model, RebalanceStrategy strategy,
                      TopicRoutes routes, RemotingClient remoting, long timeoutMs, Supplier<Set<String>> topics,
                      AssignmentListener listener) {
        this.group = group;
        this.clientId = clientId;
        this.model = model;
        this.strategy = strategy;
        this.routes = routes;
        this.remoting = remoting;
        this.timeoutMs = timeoutMs;
        this.topics = topics;
        this.listener = listener;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                new NamedThreadFactory("msgframe-rebalance-" + group, true));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    /** Rebalances now, then every {@code interval}. */
    public void start(Duration interval) {
        thread.scheduleWithFixedDelay(this::rebalanceLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        // Right after start the routes are still settling: brokers create %RETRY%<group> on this member's first
        // heartbeat and register it with the name servers a moment later, one broker after the other. A few
        // early rounds pick those queues up instead of leaving them unread until the periodic round.
        for (long delayMs : SETTLING_ROUNDS_MS) {
            thread.schedule(this::rebalanceLogged, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs a round on the rebalance thread as soon as it is free. */
    public void requestNow() {
        try {
            thread.execute(this::rebalanceLogged);
        } catch (RuntimeException e) {
            // stopped
        }
    }

    /** This member's current queues, all topics. */
    public Set<MessageQueue> assignment() {
        Set<MessageQueue> all = new TreeSet<>();
        assigned.values().forEach(all::addAll);
        return all;
    }

    private void rebalanceLogged() {
        try {
            if (!rebalance()) {
                scheduleRetry();
            }
        } catch (RuntimeException e) {
            log.warn("Rebalance of group {} failed", group, e);
            scheduleRetry();
        }
    }

    private void scheduleRetry() {
        if (!retryScheduled) {
            retryScheduled = true;
            try {
                thread.schedule(() -> {
                    retryScheduled = false;
                    rebalanceLogged();
                }, RETRY_MS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                retryScheduled = false;
            }
        }
    }

    /** One round over every subscribed topic (on the calling thread); false when a topic could not be decided. */
    public synchronized boolean rebalance() {
        Set<String> subscribed = topics.get();
        boolean complete = true;
        for (String topic : subscribed) {
            complete &= rebalance(topic);
        }
        for (String topic : Set.copyOf(assigned.keySet())) {
            if (!subscribed.contains(topic)) {
                Set<MessageQueue> removed = assigned.remove(topic);
                listener.assignmentChanged(topic, Set.of(), removed);
            }
        }
        return complete;
    }

    private boolean rebalance(String topic) {
        // a fresh route every round: a queue the cached route lacks would stay unread until the next refresh
        List<MessageQueue> queues = routes.subscribeQueues(topic, true);
        if (queues.isEmpty()) {
            log.debug("Topic {} of group {} has no readable queue yet", topic, group);
            return false;
        }
        Set<MessageQueue> mine;
        if (model == MessageModel.BROADCASTING) {
            mine = new TreeSet<>(queues);
        } else {
            List<String> members = members(queues);
            if (members == null || !members.contains(clientId)) {
                return false; // the brokers have not registered this member yet: its heartbeat is under way
            }
            mine = new TreeSet<>(strategy.allocate(clientId, queues, members));
        }
        Set<MessageQueue> before = assigned.getOrDefault(topic, Set.of());
        if (mine.equals(before)) {
            return true;
        }
        Set<MessageQueue> added = new TreeSet<>(mine);
        added.removeAll(before);
        Set<MessageQueue> removed = new TreeSet<>(before);
        removed.removeAll(mine);
        assigned.put(topic, mine);
        log.info("Group {} member {}: topic {} now {} queues ({} added, {} removed) by {}", group, clientId, topic,
                mine.size(), added.size(), removed.size(), strategy.name());
        listener.assignmentChanged(topic, added, removed);
        return true;
    }

    /** The group's client ids, sorted, from the master of one broker of the topic; null when none answered. */
    private List<String> members(List<MessageQueue> queues) {
        Set<String> brokerNames = new TreeSet<>();
        queues.forEach(q -> brokerNames.add(q.brokerName()));
        Set<String> tried = new HashSet<>();
        for (String brokerName : brokerNames) {
            String addr = routes.masterAddr(brokerName);
            if (addr == null || !tried.add(addr)) {
                continue;
            }
            RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                    .ext("consumerGroup", group);
            try {
                RemotingCommand response = remoting.invokeSync(addr, request, timeoutMs);
                if (response.code() == ResponseCode.SUCCESS && response.body() != null) {
                    List<String> ids = RemotingJson.decode(response.body(),
                            GetConsumerListByGroupResponseBody.class).consumerIdList();
                    return new TreeSet<>(ids).stream().toList();
                }
                log.debug("Broker {} has no member list of group {}: code {} {}", brokerName, group,
                        response.code(), response.remark());
            } catch (RuntimeException e) {
                log.debug("Member list of group {} from broker {} failed: {}", group, brokerName,
                        RemotingFailures.unwrap(e).getMessage());
            }
        }
        return null;
    }

    /** Stops the rebalance thread (a round under way finishes). */
    @Override
    public void close() {
        RemotingExecutors.shutdown(thread, Duration.ofSeconds(3));
    }
}
