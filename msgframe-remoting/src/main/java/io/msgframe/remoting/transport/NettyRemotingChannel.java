package io.msgframe.remoting.transport;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RemotingChannelClosedException;
import io.msgframe.remoting.RemotingException;
import io.msgframe.remoting.RemotingSendRequestException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link RemotingChannel} over a Netty channel, the same on server and client: both sides may send requests on
 * one connection, and responses are matched to them by opaque per connection. Every write releases a zero-copy
 * body ({@link RemotingCommand#bodyWritten()}) when it completes or fails.
 *
 * <p>Futures returned by {@link #invoke} complete on the connection's event loop: continuations that block must
 * run on an executor ({@code thenApplyAsync(f, executor)}).
 */
public final class NettyRemotingChannel implements RemotingChannel {
    private static final Logger log = LoggerFactory.getLogger(NettyRemotingChannel.class);
    private static final AttributeKey<NettyRemotingChannel> KEY = AttributeKey.valueOf("msgframe.remotingChannel");

    private final Channel channel;
    private final PendingRequests pending;
    private volatile String address;

    private NettyRemotingChannel(Channel channel) {
        this.channel = channel;
        this.pending = new PendingRequests(this::remoteAddress);
    }

    /** Creates the remoting channel of {@code channel} (once, when the channel is initialized). */
    public static NettyRemotingChannel attach(Channel channel) {
        NettyRemotingChannel remoting = new NettyRemotingChannel(channel);
        if (channel.attr(KEY).setIfAbsent(remoting) != null) {
            throw new IllegalStateException("channel " + channel + " already has a remoting channel");
        }
        return remoting;
    }

    public static NettyRemotingChannel of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** Names the peer as the caller knows it (the client's "host:port"), for log lines and exceptions. */
    public void label(String peerAddress) {
        this.address = peerAddress;
    }

    public Channel nettyChannel() {
        return channel;
    }

    @Override
    public String remoteAddress() {
        String known = address;
        if (known == null) {
            SocketAddress remote = channel.remoteAddress();
            if (remote == null) {
                return "unconnected";
            }
            known = format(remote);
            address = known;
        }
        return known;
    }

    @Override
    public InetSocketAddress remoteSocketAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public InetSocketAddress localSocketAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public void writeResponse(RemotingCommand response) {
        response.markResponse();
        write(response, cause -> {
            if (cause instanceof ClosedChannelException) {
                log.debug("Dropped response code {} (opaque {}): {} has closed", response.code(), response.opaque(),
                        remoteAddress());
            } else {
                log.warn("Could not write response code {} (opaque {}) to {}: {}", response.code(),
                        response.opaque(), remoteAddress(), cause.toString());
            }
        });
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMs) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive, got " + timeoutMs);
        }
        int opaque = OpaqueSequence.next();
        request.opaque(opaque);
        CompletableFuture<RemotingCommand> future = pending.register(opaque, request.code(), timeoutMs,
                channel.eventLoop());
        write(request, cause -> pending.fail(opaque, cause instanceof ClosedChannelException
                ? new RemotingChannelClosedException(remoteAddress(), request.code())
                : new RemotingSendRequestException(remoteAddress(), request.code(), cause.toString(), cause)));
        return future;
    }

    @Override
    public void invokeOneway(RemotingCommand request) {
        request.markOneway().opaque(OpaqueSequence.next());
        write(request, cause -> log.warn("Could not send oneway request code {} to {}: {}", request.code(),
                remoteAddress(), cause.toString()));
    }

    @Override
    public void close() {
        channel.close();
    }

    /** A response arrived: completes the request waiting for it, or logs and drops it (reference §1.5). */
    void completeResponse(RemotingCommand response) {
        if (!pending.complete(response)) {
            log.warn("Dropped a response with unknown opaque {} (code {}) from {}: its request timed out or was "
                    + "never sent", response.opaque(), response.code(), remoteAddress());
        }
    }

    void failPending(int opaque, RemotingException cause) {
        pending.fail(opaque, cause);
    }

    void failAllPending() {
        pending.failAll();
    }

    /** Requests still waiting for a response on this connection. */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Writes {@code command}, then releases its zero-copy body and reports a failure. The promise notifies on
     * whichever thread completes it, so a write racing with shutdown never needs the stopped event loop.
     */
    private void write(RemotingCommand command, Consumer<Throwable> onFailure) {
        if (channel.eventLoop().isShuttingDown()) {
            command.bodyWritten();
            onFailure.accept(new ClosedChannelException());
            return;
        }
        ChannelPromise promise = new DefaultChannelPromise(channel, ImmediateEventExecutor.INSTANCE);
        promise.addListener(done -> {
            command.bodyWritten();
            if (!done.isSuccess()) {
                onFailure.accept(done.cause());
            }
        });
        channel.writeAndFlush(command, promise);
    }

    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    @Override
    public String toString() {
        return "RemotingChannel[" + remoteAddress() + (isActive() ? "" : ", closed") + "]";
    }
}
