package io.msgframe.broker.transaction;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which half messages have been resolved (committed or rolled back), keyed by the half record's commit-log
 * offset: the single decision point that makes a second END_TRANSACTION for the same half message (a check
 * answer racing the producer's own) a no-op instead of a second commit. {@link #claim} is atomic; a failed write
 * gives the claim back with {@link #release} so a later attempt may resolve it.
 *
 * <p>In memory only for now: after a broker restart a half message already resolved before the restart is
 * recognised only through its op record (not yet read back; see docs/drafts/transactions.md).
 */
public final class TransactionOutcomes {
    private final ConcurrentHashMap<Long, Integer> resolved = new ConcurrentHashMap<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong rollbacks = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    /** True when the caller is the first to resolve the half at {@code halfCommitLogOffset} with {@code type}. */
    public boolean claim(long halfCommitLogOffset, int type) {
        boolean first = resolved.putIfAbsent(halfCommitLogOffset, type) == null;
        if (!first) {
            duplicates.incrementAndGet();
        }
        return first;
    }

    /** Gives a claim back after its write failed. */
    public void release(long halfCommitLogOffset) {
        resolved.remove(halfCommitLogOffset);
    }

    public boolean isResolved(long halfCommitLogOffset) {
        return resolved.containsKey(halfCommitLogOffset);
    }

    void committed() {
        commits.incrementAndGet();
    }

    void rolledBack() {
        rollbacks.incrementAndGet();
    }

    public long commits() {
        return commits.get();
    }

    public long rollbacks() {
        return rollbacks.get();
    }

    /** END_TRANSACTION requests for a half message that was already resolved (answered, nothing written). */
    public long duplicates() {
        return duplicates.get();
    }
}
