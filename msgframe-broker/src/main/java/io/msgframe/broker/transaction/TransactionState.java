package io.msgframe.broker.transaction;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the broker knows of open and finished transactions, by key (see {@link HalfMessages}).
 *
 * <p>Invariant: every half record below {@link #progress()} is <em>settled</em> — its transaction is finished, or a
 * newer copy of it exists at or above the progress (then the key is in {@code live}). So a transaction is open iff
 * its key is not finished and it has a record at or above the progress. {@code live} holds the newest copy of each
 * transaction the checker re-wrote; {@code finished} the resolved keys whose records are not all below the progress
 * yet (kept so that a second END_TRANSACTION or a late check answer finds them), pruned as the progress passes.
 *
 * <p>Thread-safe: maps are concurrent; the decisions that must not interleave (resolve, copy) take the key's
 * stripe lock ({@link #lockOf}).
 */
final class TransactionState {
    private static final int STRIPES = 64;

    /** A finished transaction: its last half-queue offset and the op-queue offset of its op record. */
    record Finished(long lastHalfOffset, long opOffset) {
    }

    private final Object[] stripes = new Object[STRIPES];
    private final Map<Long, Long> live = new ConcurrentHashMap<>();
    private final Map<Long, Finished> finished = new ConcurrentHashMap<>();
    private volatile long progress;

    TransactionState(long progress) {
        this.progress = progress;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    Object lockOf(long key) {
        return stripes[(int) Math.floorMod(key, (long) STRIPES)];
    }

    /** Whether the transaction with a record at half-queue offset {@code halfOffset} and key {@code key} is open. */
    boolean isOpen(long key, long halfOffset) {
        if (finished.containsKey(key)) {
            return false;
        }
        return halfOffset >= progress || live.containsKey(key);
    }

    boolean isFinished(long key) {
        return finished.containsKey(key);
    }

    /** The half-queue offset of the newest copy of {@code key}, or -1 when the checker made none. */
    long newestCopy(long key) {
        return live.getOrDefault(key, -1L);
    }

    void copied(long key, long copyOffset) {
        live.merge(key, copyOffset, Math::max);
    }

    void finished(long key, long resolvedHalfOffset, long opOffset) {
        Long copy = live.remove(key);
        long last = Math.max(resolvedHalfOffset, copy == null ? key : copy);
        finished.merge(key, new Finished(last, opOffset),
                (a, b) -> new Finished(Math.max(a.lastHalfOffset, b.lastHalfOffset), Math.min(a.opOffset, b.opOffset)));
    }

    long progress() {
        return progress;
    }

    /** Moves the progress (only forward) and forgets finished keys whose records are all below it. */
    void advanceTo(long newProgress) {
        if (newProgress <= progress) {
            return;
        }
        progress = newProgress;
        finished.values().removeIf(f -> f.lastHalfOffset < newProgress);
    }

    /** The lowest op-queue offset still needed to rebuild {@code finished} after a restart, or {@code opEnd}. */
    long opProgress(long opEnd) {
        long min = opEnd;
        for (Finished f : finished.values()) {
            min = Math.min(min, f.opOffset);
        }
        return min;
    }

    int openCopies() {
        return live.size();
    }

    int finishedKept() {
        return finished.size();
    }
}
