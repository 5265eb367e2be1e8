package io.msgframe.client.consumer;

import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.SubscriptionData;

/**
 * One PULL_MESSAGE to send (reference §2.7.1).
 *
 * @param queue          the queue to read
 * @param subscription   sent with the request (SUBSCRIPTION bit, lite-pull style), or null to let the broker use the
 *                       one the group's heartbeat registered (push style); tags are also re-checked client-side
 * @param offset         the first queue offset wanted
 * @param maxMessages    at most this many records
 * @param commitOffset   an offset to commit with the pull (COMMIT_OFFSET bit), or -1 for none
 * @param suspendMs      how long the broker may hold the request while nothing is new (SUSPEND bit); 0: no hold
 */
public record PullRequest(MessageQueue queue, SubscriptionData subscription, long offset, int maxMessages,
                          long commitOffset, long suspendMs) {

    public PullRequest {
        if (offset < 0 || maxMessages <= 0 || suspendMs < 0) {
            throw new IllegalArgumentException("pull of " + queue + ": offset " + offset + ", maxMessages "
                    + maxMessages + " and suspendMs " + suspendMs + " must not be negative (maxMessages positive)");
        }
    }
}
