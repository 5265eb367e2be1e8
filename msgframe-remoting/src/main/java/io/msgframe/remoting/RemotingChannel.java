package io.msgframe.remoting;

import io.msgframe.protocol.remoting.RemotingCommand;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One connection as processors see it, on either side. A processor that answers later (long polling,
 * asynchronous store writes) keeps the channel and calls {@link #writeResponse}. The server uses the same
 * channel to send requests to the client (check-back, rebalance notifications).
 */
public interface RemotingChannel {

    /** "ip:port" of the peer. */
    String remoteAddress();

    InetSocketAddress remoteSocketAddress();

    InetSocketAddress localSocketAddress();

    boolean isActive();

    /** Writes a response (its opaque already set from the request); dropped with a log line if closed. */
    void writeResponse(RemotingCommand response);

    /** Sends a request to the peer and completes with its response, or exceptionally on timeout / close. */
    CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMs);

    /** Sends a request the peer must not answer. */
    void invokeOneway(RemotingCommand request);

    void close();
}
