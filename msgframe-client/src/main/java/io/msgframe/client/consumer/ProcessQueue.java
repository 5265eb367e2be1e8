package io.msgframe.client.consumer;

import io.msgframe.protocol.body.MessageQueue;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages of one owned queue pulled but not yet consumed (RocketMQ's process queue), by queue offset. The
 * offset to commit is the smallest cached one (a message still waiting or being consumed) or, when none is cached,
 * the offset after everything pulled: a crash re-delivers, never skips. Pulls pause while the cache holds too many
 * messages or bytes. {@code consumeLock} is held while an orderly listener consumes a message of the queue, so a
 * removal can wait for it. Fields are guarded by {@code this}.
 */
final class ProcessQueue {
    private final MessageQueue queue;
    private final TreeMap<Long, ReceivedMessage> cache = new TreeMap<>();
    private final ReentrantLock consumeLock = new ReentrantLock();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private long cachedBytes;
    /** The offset after the last pulled entry (filtered ones included); -1 before the start offset is known. */
    private long pulledUpTo = -1;
    /** Failed deliveries of the head message (orderly). */
    private int headFailures;
    private volatile boolean dropped;

    ProcessQueue(MessageQueue queue) {
        this.queue = queue;
    }

    MessageQueue queue() {
        return queue;
    }

    ReentrantLock consumeLock() {
        return consumeLock;
    }

    /** Claims the right to run the orderly consume loop of this queue; false when one is already scheduled. */
    boolean claimRun() {
        return scheduled.compareAndSet(false, true);
    }

    void releaseRun() {
        scheduled.set(false);
    }

    synchronized void started(long offset) {
        if (pulledUpTo < 0) {
            pulledUpTo = offset;
        }
    }

    /** Where the next pull starts, or -1 before the start offset is known. */
    synchronized long nextPullOffset() {
        return pulledUpTo;
    }

    /** Caches what a pull returned and moves the pull position to {@code nextBeginOffset}. */
    synchronized void pulled(List<ReceivedMessage> messages, long nextBeginOffset) {
        for (ReceivedMessage message : messages) {
            if (cache.put(message.queueOffset(), message) == null) {
                cachedBytes += message.body().length;
            }
        }
        pulledUpTo = nextBeginOffset;
    }

    synchronized boolean overThresholds(int maxCount, long maxBytes) {
        return cache.size() >= maxCount || cachedBytes >= maxBytes;
    }

    /** Removes consumed messages; returns the offset to commit now. */
    synchronized long remove(List<ReceivedMessage> consumed) {
        for (ReceivedMessage message : consumed) {
            if (cache.remove(message.queueOffset()) != null) {
                cachedBytes -= message.body().length;
            }
        }
        return commitOffset();
    }

    /** The offset to commit: the smallest cached one, else the pull position; -1 before the start is known. */
    synchronized long commitOffset() {
        return cache.isEmpty() ? pulledUpTo : cache.firstKey();
    }

    /** The first cached message (orderly), or null. */
    synchronized ReceivedMessage head() {
        return cache.isEmpty() ? null : cache.firstEntry().getValue();
    }

    synchronized int cachedCount() {
        return cache.size();
    }

    synchronized int failHead() {
        return ++headFailures;
    }

    synchronized int headFailures() {
        return headFailures;
    }

    synchronized void resetHeadFailures() {
        headFailures = 0;
    }

    /** No longer owned: pulls and dispatch stop; consumption under way may finish. */
    void drop() {
        dropped = true;
    }

    boolean isDropped() {
        return dropped;
    }
}
