package io.msgframe.protocol.body;

import java.util.Set;

/**
 * Body of LOCK_BATCH_MQ (reference §2.12.1): the queues a client of a group asks to lock for orderly
 * consumption. {@code onlyThisBroker} is a 5.x addition.
 */
public record LockBatchRequestBody(String consumerGroup, String clientId, boolean onlyThisBroker,
                                   Set<MessageQueue> mqSet) {

    public LockBatchRequestBody {
        mqSet = Copies.set(mqSet);
    }
}
