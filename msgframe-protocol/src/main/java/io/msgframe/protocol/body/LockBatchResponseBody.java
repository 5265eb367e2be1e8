package io.msgframe.protocol.body;

import java.util.Set;

/** Body of a LOCK_BATCH_MQ response (reference §2.12.1): the requested queues now locked by the client. Required. */
public record LockBatchResponseBody(Set<MessageQueue> lockOKMQSet) {

    public LockBatchResponseBody {
        lockOKMQSet = Copies.set(lockOKMQSet);
    }
}
