package io.msgframe.broker.client;

import io.msgframe.protocol.body.LockBatchRequestBody;
import io.msgframe.protocol.body.LockBatchResponseBody;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.UnlockBatchRequestBody;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;

import java.util.Set;

/** LOCK_BATCH_MQ and UNLOCK_BATCH_MQ (reference §2.12) over the {@link RebalanceLockTable}. */
public final class QueueLockProcessor implements RequestProcessor {
    private final RebalanceLockTable locks;

    public QueueLockProcessor(RebalanceLockTable locks) {
        this.locks = locks;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.LOCK_BATCH_MQ -> lock(request);
            case RequestCode.UNLOCK_BATCH_MQ -> unlock(request);
            default -> throw new ProtocolException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        };
    }

    private RemotingCommand lock(RemotingCommand request) {
        LockBatchRequestBody body = RemotingJson.decode(request.body(), LockBatchRequestBody.class);
        requireGroupAndClient(body.consumerGroup(), body.clientId());
        Set<MessageQueue> locked = locks.tryLockBatch(body.consumerGroup(), body.mqSet(), body.clientId());
        return RemotingCommand.success(request).body(RemotingJson.encode(new LockBatchResponseBody(locked)));
    }

    private RemotingCommand unlock(RemotingCommand request) {
        UnlockBatchRequestBody body = RemotingJson.decode(request.body(), UnlockBatchRequestBody.class);
        requireGroupAndClient(body.consumerGroup(), body.clientId());
        locks.unlockBatch(body.consumerGroup(), body.mqSet(), body.clientId());
        return RemotingCommand.success(request);
    }

    private static void requireGroupAndClient(String group, String clientId) {
        if (group == null || clientId == null) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR,
                    "the lock body needs consumerGroup and clientId");
        }
    }
}
