package io.msgframe.client.consumer;

/** What a PULL_MESSAGE found (reference §2.7.1, "client reaction"). */
public enum PullStatus {
    /** SUCCESS: records returned (possibly none left after client-side tag filtering). */
    FOUND,
    /** PULL_NOT_FOUND: nothing new at the offset (after the broker held the request, when suspending). */
    NO_NEW_MSG,
    /** PULL_RETRY_IMMEDIATELY: entries scanned but none matched the subscription. */
    NO_MATCHED_MSG,
    /** PULL_OFFSET_MOVED: the offset is outside [min, max]; continue from {@code nextBeginOffset}. */
    OFFSET_ILLEGAL
}
