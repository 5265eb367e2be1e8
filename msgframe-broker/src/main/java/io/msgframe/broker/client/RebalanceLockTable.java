package io.msgframe.broker.client;

import io.msgframe.protocol.body.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Queue locks for orderly consumption (reference §2.12): within a group, a queue belongs to at most one client id
 * at a time. A lock is granted when the queue is free, already held by the same client (a refresh), or held by a
 * client that has not refreshed it for {@code maxLiveMs} (60 s by default; clients refresh every 20 s and stop
 * consuming a queue themselves after 30 s without a refresh, so a takeover never overlaps a live holder).
 *
 * <p>One short lock guards the whole table: lock requests are rare (a few per client every 20 s).
 */
public final class RebalanceLockTable {
    private static final Logger log = LoggerFactory.getLogger(RebalanceLockTable.class);

    private record LockEntry(String clientId, long lastUpdateMs) {
    }

    private final Clock clock;
    private final LongSupplier maxLiveMs;
    private final Map<String, Map<MessageQueue, LockEntry>> table = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    public RebalanceLockTable(Clock clock, LongSupplier maxLiveMs) {
        this.clock = clock;
        this.maxLiveMs = maxLiveMs;
    }

    /** Locks (or refreshes) what it can of {@code queues} for {@code clientId}; returns the queues it now holds. */
    public Set<MessageQueue> tryLockBatch(String group, Set<MessageQueue> queues, String clientId) {
        Set<MessageQueue> locked = new LinkedHashSet<>();
        long now = clock.millis();
        long live = maxLiveMs.getAsLong();
        lock.lock();
        try {
            Map<MessageQueue, LockEntry> groupLocks = table.computeIfAbsent(group, g -> new HashMap<>());
            for (MessageQueue queue : queues) {
                LockEntry entry = groupLocks.get(queue);
                if (entry == null || entry.clientId().equals(clientId)) {
                    if (entry == null) {
                        log.debug("Group {}: {} locked by {}", group, queue, clientId);
                    }
                    groupLocks.put(queue, new LockEntry(clientId, now));
                    locked.add(queue);
                } else if (now - entry.lastUpdateMs() > live) {
                    log.warn("Group {}: lock of {} taken over by {} from {} (not refreshed for {} ms)", group, queue,
                            clientId, entry.clientId(), now - entry.lastUpdateMs());
                    groupLocks.put(queue, new LockEntry(clientId, now));
                    locked.add(queue);
                }
            }
        } finally {
            lock.unlock();
        }
        return locked;
    }

    /** Releases the queues {@code clientId} holds; queues held by another client are left alone. */
    public void unlockBatch(String group, Set<MessageQueue> queues, String clientId) {
        lock.lock();
        try {
            Map<MessageQueue, LockEntry> groupLocks = table.get(group);
            if (groupLocks == null) {
                return;
            }
            for (MessageQueue queue : queues) {
                LockEntry entry = groupLocks.get(queue);
                if (entry == null) {
                    continue;
                }
                if (entry.clientId().equals(clientId)) {
                    groupLocks.remove(queue);
                    log.debug("Group {}: {} unlocked by {}", group, queue, clientId);
                } else {
                    log.warn("Group {}: {} asked to unlock {}, held by {}; ignored", group, clientId, queue,
                            entry.clientId());
                }
            }
            if (groupLocks.isEmpty()) {
                table.remove(group);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code clientId} holds a live lock of {@code queue} in {@code group}. */
    public boolean isLockedBy(String group, MessageQueue queue, String clientId) {
        return clientId.equals(holder(group, queue));
    }

    /** The client id holding a live lock of {@code queue}, or null when it is free or expired. */
    public String holder(String group, MessageQueue queue) {
        lock.lock();
        try {
            Map<MessageQueue, LockEntry> groupLocks = table.get(group);
            LockEntry entry = groupLocks == null ? null : groupLocks.get(queue);
            if (entry == null || clock.millis() - entry.lastUpdateMs() > maxLiveMs.getAsLong()) {
                return null;
            }
            return entry.clientId();
        } finally {
            lock.unlock();
        }
    }
}
