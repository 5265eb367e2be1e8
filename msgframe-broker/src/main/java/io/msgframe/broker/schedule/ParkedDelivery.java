package io.msgframe.broker.schedule;

import io.msgframe.broker.message.StoredMessages;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.store.MessageStore;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.file.SegmentSlice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Moves one parked record (delay level or timer) to its real topic and queue as a new record, marked with
 * {@link #SOURCE_OFFSET} = the parked record's commit-log offset. That mark makes a delivery detectable after a
 * crash: the services persist their progress periodically, so entries past the persisted progress may already have
 * been delivered; for those ({@code checkFirst}) the key index is asked whether the real topic already holds a
 * record with the same {@code UNIQ_KEY} and this source offset.
 */
public final class ParkedDelivery {
    /** MsgFrame property on a delivered record: commit-log offset of the parked record it came from. */
    public static final String SOURCE_OFFSET = "MF_PARKED_OFFSET";
    private static final Logger log = LoggerFactory.getLogger(ParkedDelivery.class);
    private static final String[] DROPPED = {PropertyKeys.DELAY_TIME_LEVEL, PropertyKeys.TIMER_DELIVER_MS,
            PropertyKeys.TIMER_DELAY_SEC, PropertyKeys.TIMER_DELAY_MS, PropertyKeys.TIMER_OUT_MS,
            PropertyKeys.TIMER_ENQUEUE_MS, PropertyKeys.TIMER_DEQUEUE_MS, PropertyKeys.TIMER_ROLL_TIMES,
            PropertyKeys.TIMER_DEL_UNIQKEY, PropertyKeys.TIMER_DELAY_LEVEL};
    private static final int MAX_DUPLICATE_CANDIDATES = 32;

    /** What became of one parked record. */
    public enum Outcome {
        /** Written to its real topic now. */
        DELIVERED,
        /** Found in its real topic already (written before a crash): not written again. */
        ALREADY_DELIVERED,
        /** The parked record is gone or unreadable; logged, nothing to deliver. */
        SKIPPED,
        /** The store refused the write (full disk, stopping): try again later. */
        RETRY
    }

    private final MessageStore store;

    public ParkedDelivery(MessageStore store) {
        this.store = store;
    }

    /**
     * Delivers the parked record at {@code physicalOffset}.
     *
     * @param checkFirst look the record up in its real topic first (entries that may have been delivered before a
     *                   crash)
     */
    public Outcome deliver(long physicalOffset, boolean checkFirst) {
        MessageDraft draft;
        long parkedStoreTime;
        try (SegmentSlice slice = store.readRecord(physicalOffset)) {
            if (slice == null) {
                log.error("parked record at commit-log offset {} is gone or unreadable; it cannot be delivered",
                        physicalOffset);
                return Outcome.SKIPPED;
            }
            MessageRecord record = new MessageRecord().wrap(slice.buffer(), 0);
            parkedStoreTime = record.storeTimestamp();
            draft = StoredMessages.toRealTopic(record, DROPPED);
        } catch (IllegalArgumentException e) {
            log.error("parked record cannot be delivered: {}", e.getMessage());
            return Outcome.SKIPPED;
        }
        String uniqKey = MessageProperties.find(draft.properties(), PropertyKeys.UNIQ_KEY);
        if (checkFirst && uniqKey != null && alreadyDelivered(draft.topic(), uniqKey, physicalOffset,
                parkedStoreTime)) {
            return Outcome.ALREADY_DELIVERED;
        }
        draft.properties(draft.properties() + SOURCE_OFFSET + MessageProperties.NAME_VALUE_SEPARATOR
                + physicalOffset + MessageProperties.PROPERTY_SEPARATOR);
        AppendResult result = store.append(draft);
        if (!result.status().isWritten()) {
            log.warn("delivery of parked record {} to {} refused by the store: {} {}", physicalOffset,
                    draft.topic(), result.status(), result.error());
            return Outcome.RETRY;
        }
        return Outcome.DELIVERED;
    }

    private boolean alreadyDelivered(String realTopic, String uniqKey, long physicalOffset, long parkedStoreTime) {
        List<SegmentSlice> found = store.queryByKey(realTopic, uniqKey, MAX_DUPLICATE_CANDIDATES, parkedStoreTime,
                Long.MAX_VALUE);
        String source = Long.toString(physicalOffset);
        boolean delivered = false;
        MessageRecord record = new MessageRecord();
        for (SegmentSlice slice : found) {
            try (slice) {
                if (!delivered && source.equals(record.wrap(slice.buffer(), 0).property(SOURCE_OFFSET))) {
                    delivered = true;
                }
            }
        }
        return delivered;
    }
}
