package io.msgframe.broker.pull;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.RemotingChannel;

import java.util.function.Consumer;

/**
 * A pull found nothing new and waits in the {@link PullRequestHoldService}: the connection and request to answer,
 * the queue and offset it waits on, when its hold ends, and what re-runs it (the processor's resumption, which
 * answers on the channel). Identity matters: one instance per held request.
 */
public final class HeldPullRequest {
    private final RemotingChannel channel;
    private final RemotingCommand request;
    private final String topic;
    private final int queueId;
    private final long pullFromOffset;
    private final long deadlineNanos;
    private final Consumer<HeldPullRequest> resumer;

    HeldPullRequest(RemotingChannel channel, RemotingCommand request, String topic, int queueId,
                    long pullFromOffset, long deadlineNanos, Consumer<HeldPullRequest> resumer) {
        this.channel = channel;
        this.request = request;
        this.topic = topic;
        this.queueId = queueId;
        this.pullFromOffset = pullFromOffset;
        this.deadlineNanos = deadlineNanos;
        this.resumer = resumer;
    }

    public RemotingChannel channel() {
        return channel;
    }

    public RemotingCommand request() {
        return request;
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    /** The queue offset the pull asked for: any max offset above it means something new. */
    public long pullFromOffset() {
        return pullFromOffset;
    }

    /** {@link System#nanoTime()}-based (or the hold service's clock) end of the hold. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Hands the request back to be pulled again and answered. */
    void resume() {
        resumer.accept(this);
    }

    @Override
    public String toString() {
        return "HeldPullRequest[" + topic + "/" + queueId + "@" + pullFromOffset + " from " + channel.remoteAddress()
                + ", opaque " + request.opaque() + "]";
    }
}
