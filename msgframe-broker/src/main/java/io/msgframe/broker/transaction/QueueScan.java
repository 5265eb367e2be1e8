package io.msgframe.broker.transaction;

import io.msgframe.protocol.body.GroupNames;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.store.MessageStore;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.read.GetMessageResult;
import io.msgframe.store.read.GetMessageStatus;
import io.msgframe.store.read.MessageFilter;

/**
 * Reads the records of one queue (queue 0 of a transaction topic) between two offsets, in order, a batch at a time.
 * Offsets below the queue's minimum (deleted by retention) are skipped and reported like read records.
 */
final class QueueScan {
    private static final int BATCH = 32;

    /** Told of every record; {@code record} is valid only during the call. */
    interface Visitor {
        void visit(MessageRecord record, long queueOffset);

        /** Offsets {@code [from, to)} no longer exist (retention deleted them). */
        default void gone(long from, long to) {
        }
    }

    private QueueScan() {
    }

    /** Visits the records of {@code topic} queue 0 from {@code from} up to {@code to}; returns where it stopped. */
    static long scan(MessageStore store, String topic, long from, long to, Visitor visitor) {
        long offset = from;
        MessageRecord record = new MessageRecord();
        while (offset < to) {
            int max = (int) Math.min(BATCH, to - offset);
            try (GetMessageResult result = store.getMessages(GroupNames.TRANSACTION_CHECK_GROUP, topic, 0, offset,
                    max, MessageFilter.ALL)) {
                if (result.status() == GetMessageStatus.OFFSET_TOO_SMALL) {
                    long next = Math.min(result.nextBeginOffset(), to);
                    visitor.gone(offset, next);
                    offset = next;
                    continue;
                }
                if (result.messageCount() == 0) {
                    if (result.nextBeginOffset() > offset && result.status() != GetMessageStatus.OFFSET_OVERFLOW_BADLY) {
                        visitor.gone(offset, Math.min(result.nextBeginOffset(), to));
                        offset = Math.min(result.nextBeginOffset(), to);
                        continue;
                    }
                    return offset;
                }
                for (int i = 0; i < result.messageCount(); i++) {
                    SegmentSlice slice = result.messages().get(i);
                    long queueOffset = result.queueOffsets()[i];
                    if (queueOffset > offset) {
                        visitor.gone(offset, queueOffset); // entries that failed their checks are never served
                    }
                    record.wrap(slice.buffer(), slice.buffer().position());
                    visitor.visit(record, queueOffset);
                    offset = queueOffset + 1;
                }
                offset = Math.max(offset, result.nextBeginOffset());
            }
        }
        return offset;
    }
}
