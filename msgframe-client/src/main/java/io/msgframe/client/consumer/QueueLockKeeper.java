package io.msgframe.client.consumer;

import io.msgframe.client.internal.RemotingFailures;
import io.msgframe.client.route.TopicRoutes;
import io.msgframe.protocol.body.LockBatchRequestBody;
import io.msgframe.protocol.body.LockBatchResponseBody;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.UnlockBatchRequestBody;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The broker locks of an orderly clustering consumer's queues (reference §2.12): LOCK_BATCH_MQ for a queue as soon
 * as it is assigned and every second until granted, all owned queues of a broker renewed every
 * {@code renewMs} (20 s); a queue counts as locked for {@value #LOCK_EXPIRY_MS} ms after the request that granted
 * it (the broker keeps it 60 s), and one not granted at a renewal stops being consumed. UNLOCK_BATCH_MQ when a
 * queue is released (after its consumption stopped and its offset was committed) and at close. The methods are
 * synchronized, so a renewal never re-locks a queue being released.
 */
final class QueueLockKeeper {
    private static final Logger log = LoggerFactory.getLogger(QueueLockKeeper.class);
    static final long LOCK_EXPIRY_MS = 30_000;
    static final long RETRY_MS = 1_000;

    private final RemotingClient remoting;
    private final TopicRoutes routes;
    private final String group;
    private final String clientId;
    private final long timeoutMs;
    private final ScheduledExecutorService thread;
    /** Owned queues → what to run when their lock is granted (again). */
    private final Map<MessageQueue, Runnable> tracked = new ConcurrentHashMap<>();
    /** Queue → System.nanoTime() of the request that granted its lock. */
    private final Map<MessageQueue, Long> lockedAt = new ConcurrentHashMap<>();

    QueueLockKeeper(RemotingClient remoting, TopicRoutes routes, String group, String clientId, long timeoutMs,
                    ScheduledExecutorService thread) {
        this.remoting = remoting;
        this.routes = routes;
        this.group = group;
        this.clientId = clientId;
        this.timeoutMs = timeoutMs;
        this.thread = thread;
    }

    void start(long renewMs) {
        thread.scheduleWithFixedDelay(this::lockPendingLogged, RETRY_MS, RETRY_MS, TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::renewAllLogged, RETRY_MS, renewMs, TimeUnit.MILLISECONDS);
    }

    /** Starts keeping the lock of {@code queue}; {@code onLocked} runs whenever it is granted after not being held. */
    void track(MessageQueue queue, Runnable onLocked) {
        tracked.put(queue, onLocked);
        try {
            thread.execute(this::lockPendingLogged);
        } catch (RuntimeException e) {
            // closing
        }
    }

    boolean isLocked(MessageQueue queue) {
        Long at = lockedAt.get(queue);
        return at != null && System.nanoTime() - at < TimeUnit.MILLISECONDS.toNanos(LOCK_EXPIRY_MS);
    }

    /** Stops keeping the lock of {@code queue} and unlocks it on its broker. */
    synchronized void release(MessageQueue queue) {
        tracked.remove(queue);
        lockedAt.remove(queue);
        unlock(List.of(queue));
    }

    /** Unlocks every tracked queue (close). */
    synchronized void releaseAll() {
        List<MessageQueue> all = List.copyOf(tracked.keySet());
        tracked.clear();
        lockedAt.clear();
        unlock(all);
    }

    private void lockPendingLogged() {
        try {
            lockPending();
        } catch (RuntimeException e) {
            log.warn("Locking queues of group {} failed", group, e);
        }
    }

    private void renewAllLogged() {
        try {
            renew(Set.copyOf(tracked.keySet()), true);
        } catch (RuntimeException e) {
            log.warn("Renewing the queue locks of group {} failed", group, e);
        }
    }

    synchronized void lockPending() {
        Set<MessageQueue> pending = new TreeSet<>();
        tracked.keySet().forEach(q -> {
            if (!isLocked(q)) {
                pending.add(q);
            }
        });
        renew(pending, false);
    }

    /** Locks {@code queues}, one request per broker; with {@code dropRefused}, refused ones stop counting as locked. */
    private synchronized void renew(Collection<MessageQueue> queues, boolean dropRefused) {
        for (Map.Entry<String, List<MessageQueue>> broker : byBroker(queues).entrySet()) {
            long asked = System.nanoTime();
            Set<MessageQueue> granted = lock(broker.getKey(), broker.getValue());
            for (MessageQueue queue : broker.getValue()) {
                Runnable onLocked = tracked.get(queue);
                if (onLocked == null) {
                    continue;
                }
                if (granted.contains(queue)) {
                    boolean wasLocked = isLocked(queue);
                    lockedAt.put(queue, asked);
                    if (!wasLocked) {
                        log.debug("Group {} member {} locked {}", group, clientId, queue);
                        onLocked.run();
                    }
                } else if (dropRefused && lockedAt.remove(queue) != null) {
                    log.warn("Broker {} refused to renew the lock of {} for {}; its consumption stops",
                            broker.getKey(), queue, clientId);
                }
            }
        }
    }

    private Set<MessageQueue> lock(String brokerName, List<MessageQueue> queues) {
        String addr = routes.masterAddr(brokerName);
        if (addr == null) {
            return Set.of();
        }
        RemotingCommand request = RemotingCommand.request(RequestCode.LOCK_BATCH_MQ).body(RemotingJson.encode(
                new LockBatchRequestBody(group, clientId, false, Set.copyOf(queues))));
        try {
            RemotingCommand response = remoting.invokeSync(addr, request, timeoutMs);
            if (response.code() != ResponseCode.SUCCESS || response.body() == null) {
                log.debug("LOCK_BATCH_MQ to {} answered {} {}", brokerName, response.code(), response.remark());
                return Set.of();
            }
            Set<MessageQueue> ok = RemotingJson.decode(response.body(), LockBatchResponseBody.class).lockOKMQSet();
            return ok == null ? Set.of() : ok;
        } catch (RuntimeException e) {
            log.debug("LOCK_BATCH_MQ to {} failed: {}", brokerName, RemotingFailures.unwrap(e).getMessage());
            return Set.of();
        }
    }

    private void unlock(Collection<MessageQueue> queues) {
        for (Map.Entry<String, List<MessageQueue>> broker : byBroker(queues).entrySet()) {
            String addr = routes.masterAddr(broker.getKey());
            if (addr == null) {
                continue;
            }
            RemotingCommand request = RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ).body(RemotingJson.encode(
                    new UnlockBatchRequestBody(group, clientId, false, Set.copyOf(broker.getValue()))));
            try {
                RemotingCommand response = remoting.invokeSync(addr, request, timeoutMs);
                if (response.code() != ResponseCode.SUCCESS) {
                    log.warn("UNLOCK_BATCH_MQ of {} on {} answered {} {}", broker.getValue(), broker.getKey(),
                            response.code(), response.remark());
                }
            } catch (RuntimeException e) {
                log.warn("UNLOCK_BATCH_MQ of {} on {} failed (the broker frees them after 60 s): {}",
                        broker.getValue(), broker.getKey(), RemotingFailures.unwrap(e).getMessage());
            }
        }
    }

    private static Map<String, List<MessageQueue>> byBroker(Collection<MessageQueue> queues) {
        Map<String, List<MessageQueue>> out = new HashMap<>();
        queues.forEach(q -> out.computeIfAbsent(q.brokerName(), b -> new java.util.ArrayList<>()).add(q));
        return out;
    }
}
