package io.msgframe.broker.transaction;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.store.MessageStore;
import io.msgframe.store.commitlog.AppendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Finishes transactions: commit (real record, then op record), rollback (op record), discard after the last check
 * (copy to the discard topic, then op record), and re-writes a half record for its next check. Each decision runs
 * under the transaction's stripe lock after checking that it is still open, so a transaction resolved twice — a
 * check answer racing the producer's own END_TRANSACTION, or a duplicate — is committed once; the second
 * resolution finds it finished and does nothing.
 */
final class TransactionResolver {
    private static final Logger log = LoggerFactory.getLogger(TransactionResolver.class);

    /** What a resolution did. */
    enum Outcome { DONE, ALREADY_FINISHED, STORE_FAILED }

    private final MessageStore store;
    private final TransactionState state;
    private final Supplier<InetSocketAddress> storeHost;
    private final Clock clock;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong rolledBack = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();

    TransactionResolver(MessageStore store, TransactionState state, Supplier<InetSocketAddress> storeHost,
                        Clock clock) {
        this.store = store;
        this.state = state;
        this.storeHost = storeHost;
        this.clock = clock;
    }

    Outcome commit(MessageRecord half) {
        return finish(half, HalfMessages.committed(half), committed);
    }

    Outcome rollback(MessageRecord half) {
        return finish(half, null, rolledBack);
    }

    /** Gives the transaction up: its half record goes to the discard topic and it is marked finished. */
    Outcome discard(MessageRecord half) {
        Outcome outcome = finish(half, HalfMessages.discarded(half), discarded);
        if (outcome == Outcome.DONE) {
            log.warn("Transaction {} of producer group {} (topic {}) discarded after {} check-backs without an "
                            + "answer; its half message is kept in {}", half.property("UNIQ_KEY"),
                    half.property("PGROUP"), half.property("REAL_TOPIC"), HalfMessages.checkTimesOf(half),
                    HalfMessages.DISCARD_TOPIC);
        }
        return outcome;
    }

    /**
     * Writes the next copy of an open transaction's half record for a check-back.
     *
     * @return the copy's append result, or null when the transaction is no longer open (or the store refused)
     */
    AppendResult copyForCheck(MessageRecord half) {
        long key = HalfMessages.keyOf(half);
        synchronized (state.lockOf(key)) {
            if (!state.isOpen(key, half.queueOffset())) {
                return null;
            }
            AppendResult copy = store.append(HalfMessages.checkCopy(half, key));
            if (!copy.status().isWritten()) {
                log.warn("Cannot re-write half message of transaction {} for its check-back: {} {}", key,
                        copy.status(), copy.error());
                return null;
            }
            state.copied(key, copy.queueOffset());
            return copy;
        }
    }

    private Outcome finish(MessageRecord half, MessageDraft record, AtomicLong counter) {
        long key = HalfMessages.keyOf(half);
        synchronized (state.lockOf(key)) {
            if (!state.isOpen(key, half.queueOffset())) {
                return Outcome.ALREADY_FINISHED;
            }
            if (record != null) {
                AppendResult written = store.append(record);
                if (!written.status().isWritten()) {
                    log.error("Cannot write {} record of transaction {} (half at commit-log offset {}): {} {}",
                            record.topic(), key, half.physicalOffset(), written.status(), written.error());
                    return Outcome.STORE_FAILED;
                }
            }
            AppendResult op = store.append(HalfMessages.opRecord(half, key, storeHost.get(), clock.millis()));
            if (!op.status().isWritten()) {
                // finished in memory all the same, so this broker never writes it twice; after a restart the
                // half record is checked again (the one window left open, as in RocketMQ)
                log.error("Cannot write the op record of transaction {} (half at commit-log offset {}): {} {}", key,
                        half.physicalOffset(), op.status(), op.error());
                state.finished(key, half.queueOffset(), Long.MAX_VALUE);
                counter.incrementAndGet();
                return record != null ? Outcome.DONE : Outcome.STORE_FAILED;
            }
            state.finished(key, half.queueOffset(), op.queueOffset());
            counter.incrementAndGet();
            return Outcome.DONE;
        }
    }

    long committedCount() {
        return committed.get();
    }

    long rolledBackCount() {
        return rolledBack.get();
    }

    long discardedCount() {
        return discarded.get();
    }
}
