package io.msgframe.store.read;

/** Outcome of a read from a consume queue, with RocketMQ's names (the broker maps them to pull codes). */
public enum GetMessageStatus {
    FOUND,
    /** Entries were read but none passed the filter; the next offset moves past them. */
    NO_MATCHED_MESSAGE,
    /** The offset is below the queue's minimum (deleted by retention); next offset = minimum. */
    OFFSET_TOO_SMALL,
    /** The offset is exactly the queue's end: nothing new yet (the long-polling case). */
    OFFSET_OVERFLOW_ONE,
    /** The offset is past the queue's end; next offset = the end. */
    OFFSET_OVERFLOW_BADLY,
    /** The queue exists but holds nothing. */
    NO_MESSAGE_IN_QUEUE,
    /** No such topic/queue in this store. */
    NO_MATCHED_LOGIC_QUEUE,
    /** Entries point at commit-log data that is gone or failed its checks. */
    OFFSET_FOUND_NULL
}
