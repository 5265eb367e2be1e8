package io.msgframe.client.consumer;

import java.util.function.Function;

/**
 * Drops messages an at-least-once consumer has already processed. Delivery can repeat a message when a queue moves
 * to another member (rebalance: the new owner resumes from the last persisted offset), when a consumer crashes or
 * stops before its offsets were persisted (up to the commit interval is read again), and when a producer retried a
 * send whose first attempt was stored but not acknowledged (same msgId, two offsets). Keyed by msgId by default
 * (the producer's UNIQ_KEY, the same for a retried send), or by a business key; remembers the most recent keys in a
 * {@link RecentKeys}, so a duplicate older than that window passes — make the processing itself idempotent when
 * that matters.
 *
 * <pre>{@code
 * IdempotentFilter dedupe = IdempotentFilter.byMsgId(RecentKeys.lastN(100_000));
 * for (ReceivedMessage m : consumer.poll()) {
 *     if (dedupe.firstTime(m)) {
 *         process(m);
 *     }
 * }
 * }</pre>
 */
public final class IdempotentFilter {
    private final Function<ReceivedMessage, String> key;
    private final RecentKeys seen;
    private long duplicates;

    public IdempotentFilter(Function<ReceivedMessage, String> key, RecentKeys seen) {
        this.key = key;
        this.seen = seen;
    }

    /** Dedupes by {@link ReceivedMessage#msgId()}. */
    public static IdempotentFilter byMsgId(RecentKeys seen) {
        return new IdempotentFilter(ReceivedMessage::msgId, seen);
    }

    /** True the first time a key is seen (within the window); false for a duplicate, which is counted. */
    public synchronized boolean firstTime(ReceivedMessage message) {
        if (seen.add(key.apply(message))) {
            return true;
        }
        duplicates++;
        return false;
    }

    /** Duplicates dropped so far. */
    public synchronized long duplicates() {
        return duplicates;
    }
}
