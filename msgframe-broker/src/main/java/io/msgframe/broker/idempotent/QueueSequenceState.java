package io.msgframe.broker.idempotent;

import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sequence state of one producer on one queue: the epoch, the last sequence stored and the last few appends
 * (Kafka keeps five, which is what lets a producer pipeline five sends per queue and still have each retry
 * recognised). Not thread-safe by itself: {@link IdempotentAppender} holds its monitor across check and append,
 * which is what makes the two atomic per key.
 *
 * <p>Rules of {@link #check}: a new state (or a higher epoch) must start at sequence 0; a lower epoch is fenced;
 * {@code last + 1} is appended; an exact repeat of a remembered append is a duplicate; anything else at or below
 * {@code last} is too old (or overlaps) and is refused; above {@code last + 1} is a gap, refused.
 */
public final class QueueSequenceState {
    private final SequenceKey key;
    private final int window;
    private final ArrayDeque<AppendedSend> recent;
    private int epoch = -1;
    private int lastSequence = -1;
    private long lastSeenMs;
    private boolean removed;

    QueueSequenceState(SequenceKey key, int window, long nowMs) {
        this.key = key;
        this.window = window;
        this.recent = new ArrayDeque<>(window);
        this.lastSeenMs = nowMs;
    }

    /**
     * What to do with a send.
     *
     * @return null to append it, or the remembered append it duplicates
     * @throws ProtocolException OUT_OF_ORDER_SEQUENCE, SEQUENCE_TOO_OLD or PRODUCER_FENCED, naming what was
     *                           expected and what was received
     */
    AppendedSend check(ProducerSequence send) {
        if (epoch < 0 || send.epoch() > epoch) {
            if (send.firstSequence() != 0) {
                String why = epoch < 0 ? "has no sequence state here (new, or expired)" : "starts epoch "
                        + send.epoch() + " (was " + epoch + ")";
                throw new ProtocolException(ResponseCode.OUT_OF_ORDER_SEQUENCE, "out-of-order sequence for " + key
                        + ": it " + why + ", so expected sequence 0, received " + send.firstSequence());
            }
            return null;
        }
        if (send.epoch() < epoch) {
            throw new ProtocolException(ResponseCode.PRODUCER_FENCED, "producer epoch " + send.epoch() + " of " + key
                    + " is older than the current epoch " + epoch + "; nothing stored");
        }
        int expected = lastSequence + 1;
        if (send.firstSequence() == expected) {
            return null;
        }
        if (send.firstSequence() > expected) {
            throw new ProtocolException(ResponseCode.OUT_OF_ORDER_SEQUENCE, "out-of-order sequence for " + key
                    + ": expected sequence " + expected + ", received " + send.firstSequence() + "; nothing stored");
        }
        for (AppendedSend appended : recent) {
            if (appended.firstSequence() == send.firstSequence() && appended.count() == send.count()) {
                return appended;
            }
        }
        AppendedSend oldest = recent.peekFirst();
        throw new ProtocolException(ResponseCode.SEQUENCE_TOO_OLD, "sequence " + send.firstSequence() + " (count "
                + send.count() + ") of " + key + " is already stored but is not one of the last " + window
                + " appends remembered (from sequence " + (oldest == null ? expected : oldest.firstSequence())
                + " to " + lastSequence + "), so its result is unknown; nothing stored");
    }

    /** Records a stored send: the sequence advances only here, after the commit log placed the record(s). */
    void appended(ProducerSequence send, AppendedSend stored, long nowMs) {
        if (send.epoch() != epoch) {
            epoch = send.epoch();
            recent.clear();
        }
        lastSequence = send.lastSequence();
        remember(stored);
        lastSeenMs = nowMs;
    }

    /**
     * Rebuild from one stored record of a sequenced send (scan at start). Records of one batch share the first
     * sequence and are contiguous; a record at or below the last sequence known (already in the snapshot, or a
     * copy re-put by a broker service) changes nothing.
     */
    void replay(int recordEpoch, int firstSequence, int count, long queueOffset, long physicalOffset,
                long storeTimestamp) {
        if (recordEpoch < epoch) {
            return;
        }
        if (recordEpoch > epoch) {
            if (epoch < 0) {
                lastSeenMs = storeTimestamp; // idle time counts from the last append, not from the restart
            }
            epoch = recordEpoch;
            lastSequence = -1;
            recent.clear();
        }
        AppendedSend last = recent.peekLast();
        if (last != null && last.firstSequence() == firstSequence && last.count() == count
                && last.physicalOffsets().length < count) {
            long[] offsets = Arrays.copyOf(last.physicalOffsets(), last.physicalOffsets().length + 1);
            offsets[offsets.length - 1] = physicalOffset;
            recent.pollLast();
            recent.addLast(new AppendedSend(firstSequence, count, last.queueOffset(), offsets,
                    last.storeTimestamp()));
            return;
        }
        if (firstSequence <= lastSequence) {
            return;
        }
        lastSequence = firstSequence + count - 1;
        remember(new AppendedSend(firstSequence, count, queueOffset, new long[]{physicalOffset}, storeTimestamp));
        lastSeenMs = Math.max(lastSeenMs, storeTimestamp);
    }

    private void remember(AppendedSend stored) {
        recent.addLast(stored);
        while (recent.size() > window) {
            recent.pollFirst();
        }
    }

    void restore(int epoch, int lastSequence, long lastSeenMs, List<AppendedSend> appends) {
        this.epoch = epoch;
        this.lastSequence = lastSequence;
        this.lastSeenMs = lastSeenMs;
        recent.clear();
        appends.forEach(this::remember);
    }

    SequenceKey key() {
        return key;
    }

    int epoch() {
        return epoch;
    }

    int lastSequence() {
        return lastSequence;
    }

    long lastSeenMs() {
        return lastSeenMs;
    }

    List<AppendedSend> recent() {
        return new ArrayList<>(recent);
    }

    boolean isRemoved() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }
}
