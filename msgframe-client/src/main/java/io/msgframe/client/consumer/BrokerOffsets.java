package io.msgframe.client.consumer;

import io.msgframe.client.BrokerConnectionException;
import io.msgframe.client.BrokerException;
import io.msgframe.client.BrokerResponseException;
import io.msgframe.client.internal.RemotingFailures;
import io.msgframe.client.route.TopicRoutes;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Offsets and queue bounds on the master of a queue's broker (reference §2.8): QUERY_CONSUMER_OFFSET (QUERY_NOT_FOUND
 * = the group never committed), UPDATE_CONSUMER_OFFSET, GET_MIN_OFFSET, GET_MAX_OFFSET and
 * SEARCH_OFFSET_BY_TIMESTAMP. Blocking calls throw {@link BrokerException}s naming broker and request.
 */
public final class BrokerOffsets {
    private final RemotingClient remoting;
    private final TopicRoutes routes;
    private final long timeoutMs;

    public BrokerOffsets(RemotingClient remoting, TopicRoutes routes, long timeoutMs) {
        this.remoting = remoting;
        this.routes = routes;
        this.timeoutMs = timeoutMs;
    }

    /** The group's committed offset of {@code queue}, or empty when it never committed one. */
    public OptionalLong committed(String group, MessageQueue queue) {
        RemotingCommand response = invoke(queue, RequestCode.QUERY_CONSUMER_OFFSET, queueRequest(
                RequestCode.QUERY_CONSUMER_OFFSET, queue).ext("consumerGroup", group), true);
        return response.code() == ResponseCode.QUERY_NOT_FOUND ? OptionalLong.empty()
                : OptionalLong.of(response.extLong("offset"));
    }

    /** Commits {@code offset} (the next offset to consume) and waits for the broker's answer. */
    public void commit(String group, MessageQueue queue, long offset) {
        invoke(queue, RequestCode.UPDATE_CONSUMER_OFFSET, commitRequest(group, queue, offset), false);
    }

    /** Commits without blocking; the future fails with a {@link BrokerException}. */
    public CompletableFuture<Void> commitAsync(String group, MessageQueue queue, long offset) {
        String addr = routes.masterAddr(queue.brokerName());
        if (addr == null) {
            return CompletableFuture.failedFuture(unknown(queue, RequestCode.UPDATE_CONSUMER_OFFSET));
        }
        return remoting.invokeAsync(addr, commitRequest(group, queue, offset), timeoutMs).handle((response, e) -> {
            if (e != null) {
                throw RemotingFailures.toBrokerException(e, queue.brokerName(), addr,
                        RequestCode.UPDATE_CONSUMER_OFFSET, timeoutMs);
            }
            if (response.code() != ResponseCode.SUCCESS) {
                throw new BrokerResponseException(queue.brokerName(), addr, RequestCode.UPDATE_CONSUMER_OFFSET,
                        response.code(), response.remark());
            }
            return null;
        });
    }

    /** The queue's first available offset. */
    public long minOffset(MessageQueue queue) {
        return offset(queue, RequestCode.GET_MIN_OFFSET, queueRequest(RequestCode.GET_MIN_OFFSET, queue));
    }

    /** The offset the next message of the queue will get. */
    public long maxOffset(MessageQueue queue) {
        return offset(queue, RequestCode.GET_MAX_OFFSET, queueRequest(RequestCode.GET_MAX_OFFSET, queue));
    }

    /**
     * The first offset whose message was stored at or after {@code timestampMs}: the max offset when every message
     * is older, the min offset when every message is newer (boundary LOWER).
     */
    public long offsetForTimestamp(MessageQueue queue, long timestampMs) {
        return offset(queue, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, queue).ext("timestamp", timestampMs)
                        .ext("boundaryType", "LOWER"));
    }

    private long offset(MessageQueue queue, int code, RemotingCommand request) {
        return invoke(queue, code, request, false).extLong("offset");
    }

    private static RemotingCommand queueRequest(int code, MessageQueue queue) {
        return RemotingCommand.request(code).ext("topic", queue.topic()).ext("queueId", queue.queueId())
                .ext("bname", queue.brokerName());
    }

    private static RemotingCommand commitRequest(String group, MessageQueue queue, long offset) {
        return queueRequest(RequestCode.UPDATE_CONSUMER_OFFSET, queue).ext("consumerGroup", group)
                .ext("commitOffset", offset);
    }

    private RemotingCommand invoke(MessageQueue queue, int code, RemotingCommand request, boolean notFoundIsAnswer) {
        String addr = routes.masterAddr(queue.brokerName());
        if (addr == null) {
            throw unknown(queue, code);
        }
        RemotingCommand response;
        try {
            response = remoting.invokeSync(addr, request, timeoutMs);
        } catch (RuntimeException e) {
            throw RemotingFailures.toBrokerException(e, queue.brokerName(), addr, code, timeoutMs);
        }
        if (response.code() == ResponseCode.SUCCESS
                || (notFoundIsAnswer && response.code() == ResponseCode.QUERY_NOT_FOUND)) {
            return response;
        }
        throw new BrokerResponseException(queue.brokerName(), addr, code, response.code(), response.remark());
    }

    private static BrokerConnectionException unknown(MessageQueue queue, int code) {
        return new BrokerConnectionException(queue.brokerName(), "unknown address", code,
                "no route names a master for this broker (queue " + queue + ")", null);
    }
}
