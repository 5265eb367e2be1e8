package io.msgframe.store.commitlog;

/** Outcome of an append. Only {@link #PUT_OK} and {@link #FLUSH_DISK_TIMEOUT} mean the bytes were written. */
public enum AppendStatus {
    PUT_OK,
    /** Written, but the sync flush did not finish in time: durability is not confirmed. Never a silent ack. */
    FLUSH_DISK_TIMEOUT,
    /** Too large, or not a valid message (bad batch, empty topic). */
    MESSAGE_ILLEGAL,
    PROPERTIES_SIZE_EXCEEDED,
    /** Disk use is above the refusal ratio; reads go on. */
    DISK_FULL,
    /** The store is not running (starting, stopping, or failed). */
    SERVICE_NOT_AVAILABLE,
    /** The next commit-log file could not be created. */
    CREATE_SEGMENT_FAILED,
    UNKNOWN_ERROR;

    public boolean isWritten() {
        return this == PUT_OK || this == FLUSH_DISK_TIMEOUT;
    }
}
