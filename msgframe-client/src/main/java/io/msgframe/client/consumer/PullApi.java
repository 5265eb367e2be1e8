package io.msgframe.client.consumer;

import io.msgframe.client.BrokerConnectionException;
import io.msgframe.client.BrokerResponseException;
import io.msgframe.client.internal.RemotingFailures;
import io.msgframe.client.route.TopicRoutes;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * PULL_MESSAGE (11) for one consumer group (reference §2.7.1), sent to the master of the queue's broker. Maps the
 * response codes to {@link PullStatus} with {@code nextBeginOffset}, min and max offset; any other code fails the
 * future with a {@link BrokerResponseException}, a transport failure with the matching
 * {@link io.msgframe.client.BrokerException}. Never blocks: the future completes on an I/O thread.
 */
public final class PullApi {
    static final int COMMIT_OFFSET = 0x1;
    static final int SUSPEND = 0x2;
    static final int SUBSCRIPTION = 0x4;

    private final RemotingClient remoting;
    private final TopicRoutes routes;
    private final String group;
    private final long requestTimeoutMs;

    /** @param requestTimeoutMs how long past the suspend time an answer may take */
    public PullApi(RemotingClient remoting, TopicRoutes routes, String group, long requestTimeoutMs) {
        this.remoting = remoting;
        this.routes = routes;
        this.group = group;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    public CompletableFuture<PullResult> pull(PullRequest pull) {
        String brokerName = pull.queue().brokerName();
        String addr = routes.masterAddr(brokerName);
        if (addr == null) {
            return CompletableFuture.failedFuture(new BrokerConnectionException(brokerName, "unknown address",
                    RequestCode.PULL_MESSAGE, "no route names a master for this broker", null));
        }
        RemotingCommand request = request(pull);
        long timeoutMs = pull.suspendMs() + requestTimeoutMs;
        CompletableFuture<PullResult> result = new CompletableFuture<>();
        remoting.invokeAsync(addr, request, timeoutMs).whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(RemotingFailures.toBrokerException(error, brokerName, addr,
                        RequestCode.PULL_MESSAGE, timeoutMs));
                return;
            }
            try {
                result.complete(read(pull, response, brokerName, addr));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private RemotingCommand request(PullRequest pull) {
        SubscriptionData subscription = pull.subscription();
        int sysFlag = (pull.suspendMs() > 0 ? SUSPEND : 0) | (subscription != null ? SUBSCRIPTION : 0)
                | (pull.commitOffset() >= 0 ? COMMIT_OFFSET : 0);
        RemotingCommand request = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .ext("consumerGroup", group).ext("topic", pull.queue().topic())
                .ext("queueId", pull.queue().queueId()).ext("queueOffset", pull.offset())
                .ext("maxMsgNums", pull.maxMessages()).ext("sysFlag", sysFlag)
                .ext("commitOffset", Math.max(0, pull.commitOffset()))
                .ext("suspendTimeoutMillis", pull.suspendMs())
                .ext("subVersion", 0L)
                .ext("bname", pull.queue().brokerName());
        if (subscription != null) {
            request.ext("subscription", subscription.subString()).ext("expressionType",
                    subscription.expressionType());
        }
        return request;
    }

    private PullResult read(PullRequest pull, RemotingCommand response, String brokerName, String addr) {
        PullStatus status = switch (response.code()) {
            case ResponseCode.SUCCESS -> PullStatus.FOUND;
            case ResponseCode.PULL_NOT_FOUND -> PullStatus.NO_NEW_MSG;
            case ResponseCode.PULL_RETRY_IMMEDIATELY -> PullStatus.NO_MATCHED_MSG;
            case ResponseCode.PULL_OFFSET_MOVED -> PullStatus.OFFSET_ILLEGAL;
            default -> throw new BrokerResponseException(brokerName, addr, RequestCode.PULL_MESSAGE,
                    response.code(), response.remark());
        };
        List<ReceivedMessage> messages = List.of();
        if (status == PullStatus.FOUND && response.body() != null) {
            messages = MessageDecoder.decode(ByteBuffer.wrap(response.body()), pull.queue(), pull.subscription());
        }
        return new PullResult(status, response.extLong("nextBeginOffset"), response.extLong("minOffset", 0),
                response.extLong("maxOffset", 0), messages);
    }
}
