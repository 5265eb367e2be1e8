package io.msgframe.protocol.body;

import java.util.Set;

/** Body of UNLOCK_BATCH_MQ (reference §2.12.2), the same shape as {@link LockBatchRequestBody}. */
public record UnlockBatchRequestBody(String consumerGroup, String clientId, boolean onlyThisBroker,
                                     Set<MessageQueue> mqSet) {

    public UnlockBatchRequestBody {
        mqSet = Copies.set(mqSet);
    }
}
