package io.msgframe.broker.pull;

import io.msgframe.broker.Broker;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Long polling (reference §2.7.1 step 5): pulls that found nothing new wait here, per (topic, queue), until a
 * message arrives on their queue or their hold time ends; then they are handed back to be pulled again and
 * answered (on the pull executor, never here and never on Netty's event loop).
 *
 * <p>Two paths release a held pull:
 * <ul>
 *   <li>{@link #notifyMessageArriving}, called by the store's dispatcher for every record: wakes the queue's
 *       pulls whose offset is below the new max offset at once (no polling delay);</li>
 *   <li>the {@code msgframe-pull-hold} thread: wakes at the earliest hold deadline and at least every second
 *       (safety net: checks each held queue's max offset, ends expired holds, drops pulls of closed
 *       connections).</li>
 * </ul>
 * A pull held just after a message arrived (the read saw nothing, the notification came before the pull was
 * registered) is caught by a re-check of the max offset right after registering it.
 */
public final class PullRequestHoldService {
    static final long CHECK_INTERVAL_MS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(PullRequestHoldService.class);
    private static final long STOP_WAIT_MS = 2_000;

    /** The end of a queue: the offset the next message will get (0 for an unknown queue). */
    @FunctionalInterface
    interface QueueEnds {
        long maxOffset(String topic, int queueId);
    }

    private record QueueKey(String topic, int queueId) {
    }

    private final QueueEnds ends;
    private final LongSupplier nanoClock;
    private final long checkIntervalNanos;
    private final Map<QueueKey, HeldQueue> queues = new ConcurrentHashMap<>();
    private final AtomicInteger heldCount = new AtomicInteger();
    private volatile boolean running;
    private volatile Thread thread;
    /** When the thread plans to wake next; MAX while it is (re)planning, so a new hold always unparks it then. */
    private volatile long plannedWakeNanos = Long.MAX_VALUE;

    public PullRequestHoldService(Broker broker) {
        this(broker.store()::maxOffset, System::nanoTime, CHECK_INTERVAL_MS);
    }

    PullRequestHoldService(QueueEnds ends, LongSupplier nanoClock, long checkIntervalMs) {
        this.ends = ends;
        this.nanoClock = nanoClock;
        this.checkIntervalNanos = TimeUnit.MILLISECONDS.toNanos(checkIntervalMs);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "msgframe-pull-hold");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops the thread, then answers every pull still held (each is pulled again once, which finds nothing). */
    public synchronized void shutdown() {
        if (!running) {
            return;
        }
        running = false;
        Thread t = thread;
        LockSupport.unpark(t);
        try {
            t.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (HeldQueue queue : queues.values()) {
            queue.takeIf(held -> true).forEach(this::wake);
        }
    }

    /**
     * Holds a pull until a message arrives on its queue past {@code pullFromOffset} or {@code holdMillis} passes;
     * then {@code resumer} gets it (on the thread that released it, which must not block: hand it to an executor).
     */
    public HeldPullRequest suspend(RemotingChannel channel, RemotingCommand request, String topic, int queueId,
                                   long pullFromOffset, long holdMillis, Consumer<HeldPullRequest> resumer) {
        long deadline = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, holdMillis));
        HeldPullRequest held = new HeldPullRequest(channel, request, topic, queueId, pullFromOffset, deadline,
                resumer);
        HeldQueue queue = queues.computeIfAbsent(new QueueKey(topic, queueId), k -> new HeldQueue());
        queue.add(held);
        heldCount.incrementAndGet();
        if (ends.maxOffset(topic, queueId) > pullFromOffset && queue.remove(held)) {
            wake(held); // arrived between the pull's read and its registration
        } else if (deadline < plannedWakeNanos) {
            LockSupport.unpark(thread);
        }
        return held;
    }

    /**
     * A message was dispatched to (topic, queueId), whose max offset is now {@code maxOffset}: releases the
     * queue's held pulls that wait below it. Called on the dispatcher thread for every record, so it returns at
     * once when nothing is held.
     */
    public void notifyMessageArriving(String topic, int queueId, long maxOffset) {
        if (heldCount.get() == 0) {
            return;
        }
        HeldQueue queue = queues.get(new QueueKey(topic, queueId));
        if (queue == null) {
            return;
        }
        for (HeldPullRequest held : queue.takeIf(h -> maxOffset > h.pullFromOffset())) {
            wake(held);
        }
    }

    /** Drops the held pulls of a closed connection (also found by the periodic check). */
    public void onChannelClosed(RemotingChannel channel) {
        for (HeldQueue queue : queues.values()) {
            for (HeldPullRequest held : queue.takeIf(h -> h.channel() == channel)) {
                drop(held);
            }
        }
    }

    /** Pulls currently held. */
    public int heldCount() {
        return heldCount.get();
    }

    /**
     * One pass over every held pull: drops those whose connection closed, releases those whose queue has new
     * data or whose hold ended.
     *
     * @return the earliest deadline of the pulls still held, {@link Long#MAX_VALUE} when none
     */
    long checkHeldRequests() {
        long earliest = Long.MAX_VALUE;
        for (Map.Entry<QueueKey, HeldQueue> entry : queues.entrySet()) {
            HeldQueue queue = entry.getValue();
            if (queue.isEmpty()) {
                continue;
            }
            QueueKey key = entry.getKey();
            long maxOffset = ends.maxOffset(key.topic(), key.queueId());
            long now = nanoClock.getAsLong();
            for (HeldPullRequest held : queue.takeIf(h -> !h.channel().isActive()
                    || maxOffset > h.pullFromOffset() || now - h.deadlineNanos() >= 0)) {
                wake(held);
            }
            earliest = Math.min(earliest, queue.earliestDeadline());
        }
        return earliest;
    }

    private void run() {
        while (running) {
            try {
                plannedWakeNanos = Long.MAX_VALUE;
                long earliest = checkHeldRequests();
                long now = nanoClock.getAsLong();
                long wait = earliest == Long.MAX_VALUE ? checkIntervalNanos
                        : Math.min(checkIntervalNanos, Math.max(0, earliest - now));
                plannedWakeNanos = now + wait;
                if (wait > 0 && running) {
                    LockSupport.parkNanos(this, wait);
                }
            } catch (RuntimeException e) {
                log.error("Checking held pull requests failed", e);
                LockSupport.parkNanos(this, checkIntervalNanos);
            }
        }
    }

    /** Hands a released pull back, unless its connection closed meanwhile. */
    private void wake(HeldPullRequest held) {
        heldCount.decrementAndGet();
        if (!held.channel().isActive()) {
            log.debug("Dropping {}: its connection closed", held);
            return;
        }
        try {
            held.resume();
        } catch (RuntimeException e) {
            log.error("Resuming {} failed", held, e);
        }
    }

    private void drop(HeldPullRequest held) {
        heldCount.decrementAndGet();
        log.debug("Dropping {}: its connection closed", held);
    }

    /** The pulls held on one queue, in arrival order; guarded by its own monitor, held for list edits only. */
    private static final class HeldQueue {
        private final List<HeldPullRequest> requests = new ArrayList<>();

        synchronized void add(HeldPullRequest held) {
            requests.add(held);
        }

        synchronized boolean remove(HeldPullRequest held) {
            return requests.remove(held);
        }

        synchronized boolean isEmpty() {
            return requests.isEmpty();
        }

        /** Removes and returns the requests that match. */
        synchronized List<HeldPullRequest> takeIf(Predicate<HeldPullRequest> condition) {
            if (requests.isEmpty()) {
                return List.of();
            }
            List<HeldPullRequest> taken = null;
            for (Iterator<HeldPullRequest> it = requests.iterator(); it.hasNext(); ) {
                HeldPullRequest held = it.next();
                if (condition.test(held)) {
                    it.remove();
                    if (taken == null) {
                        taken = new ArrayList<>();
                    }
                    taken.add(held);
                }
            }
            return taken == null ? List.of() : taken;
        }

        synchronized long earliestDeadline() {
            long earliest = Long.MAX_VALUE;
            for (HeldPullRequest held : requests) {
                earliest = Math.min(earliest, held.deadlineNanos());
            }
            return earliest;
        }
    }
}
