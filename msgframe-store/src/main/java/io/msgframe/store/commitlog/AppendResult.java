package io.msgframe.store.commitlog;

/**
 * What an append did: the status and, when written, where. A batch of n messages has n consecutive queue
 * offsets from {@code queueOffset}, and its records' commit-log offsets in {@code physicalOffsets}.
 *
 * @param physicalOffset  commit-log offset of the (first) record
 * @param wroteBytes      bytes of all records written
 * @param queueOffset     consume-queue offset of the (first) record
 * @param storeTimestamp  store time written into the record(s)
 * @param messageCount    1 for a single message, n for a batch
 * @param physicalOffsets every record's commit-log offset (length = messageCount)
 * @param error           why, when not written
 */
public record AppendResult(AppendStatus status, long physicalOffset, int wroteBytes, long queueOffset,
                           long storeTimestamp, int messageCount, long[] physicalOffsets, String error) {

    public static AppendResult failed(AppendStatus status, String error) {
        return new AppendResult(status, -1, 0, -1, 0, 0, new long[0], error);
    }

    public AppendResult withStatus(AppendStatus newStatus, String why) {
        return new AppendResult(newStatus, physicalOffset, wroteBytes, queueOffset, storeTimestamp, messageCount,
                physicalOffsets, why);
    }

    public boolean isOk() {
        return status == AppendStatus.PUT_OK;
    }

    /** Commit-log offset just past the last record written (a batch's records are contiguous). */
    public long endOffset() {
        return physicalOffset + wroteBytes;
    }
}
