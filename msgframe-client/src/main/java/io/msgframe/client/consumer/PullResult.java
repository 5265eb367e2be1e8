package io.msgframe.client.consumer;

import java.util.List;

/**
 * The answer to one pull: status, where the next pull starts, the queue's bounds at that moment, and the messages
 * (empty unless {@link PullStatus#FOUND}).
 */
public record PullResult(PullStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                         List<ReceivedMessage> messages) {

    public PullResult {
        messages = List.copyOf(messages);
    }
}
