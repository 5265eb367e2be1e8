package io.msgframe.broker.idempotent;

/**
 * One remembered append of a sequenced send: its sequence range and where it was stored, so a retried duplicate
 * gets the same answer (queue offset and offset message ids) without a second record.
 *
 * @param physicalOffsets commit-log offset of every record of the send (one, or a batch's)
 */
public record AppendedSend(int firstSequence, int count, long queueOffset, long[] physicalOffsets,
                           long storeTimestamp) {

    public int lastSequence() {
        return firstSequence + count - 1;
    }
}
