package io.msgframe.broker.idempotent;

import io.msgframe.store.commitlog.AppendResult;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Check and append of a sequenced send as one step per (producer id, queue): under the key's monitor the
 * sequence is checked, the record placed in the commit log (placement is synchronous inside the store's
 * append; only the flush is waited for later) and the state advanced. Two sends of one producer to one queue on
 * two send threads are therefore never both accepted out of order, and the monitor is held for one check plus
 * one placement. A refused append (disk full, bad message) leaves the sequence where it was.
 */
public final class IdempotentAppender {

    /** What became of a sequenced send: a new append under way, or the remembered one it repeats. */
    public record Outcome(CompletableFuture<AppendResult> appending, AppendedSend duplicate) {
        public boolean isDuplicate() {
            return duplicate != null;
        }
    }

    private final ProducerStateTable table;

    public IdempotentAppender(ProducerStateTable table) {
        this.table = table;
    }

    /**
     * @param append starts the store's append, telling the given consumer where the record(s) went
     * @throws io.msgframe.protocol.remoting.ProtocolException when the sequence is refused (nothing appended)
     */
    public Outcome append(ProducerSequence sequence, String topic, int queueId,
                          Function<Consumer<AppendResult>, CompletableFuture<AppendResult>> append) {
        SequenceKey key = new SequenceKey(sequence.producerId(), topic, queueId);
        while (true) {
            QueueSequenceState state = table.stateFor(key);
            synchronized (state) {
                if (state.isRemoved()) {
                    continue; // expired or evicted between the look-up and the lock: take the fresh one
                }
                AppendedSend duplicate = state.check(sequence);
                if (duplicate != null) {
                    return new Outcome(null, duplicate);
                }
                AppendResult[] placed = new AppendResult[1];
                CompletableFuture<AppendResult> appending = append.apply(result -> placed[0] = result);
                AppendResult result = placed[0];
                if (result != null && result.status().isWritten()) {
                    state.appended(sequence, new AppendedSend(sequence.firstSequence(), sequence.count(),
                            result.queueOffset(), result.physicalOffsets(), result.storeTimestamp()), table.now());
                }
                return new Outcome(appending, null);
            }
        }
    }
}
