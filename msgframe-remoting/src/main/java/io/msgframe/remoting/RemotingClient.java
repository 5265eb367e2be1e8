package io.msgframe.remoting;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.transport.ChannelEventNotifier;
import io.msgframe.remoting.transport.NettyRemotingChannel;
import io.msgframe.remoting.transport.RemotingChannelInitializer;
import io.msgframe.remoting.transport.RequestDispatcher;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The requesting side of the remoting protocol (broker → name server, tools, tests): one connection per
 * "host:port", opened on first use and reused; responses are matched by opaque. The server may send requests
 * back on the same connection; they are served by the processors registered here.
 *
 * <p>Failures are unchecked {@link RemotingException}s: {@link RemotingTimeoutException},
 * {@link RemotingConnectException}, {@link RemotingSendRequestException}, {@link RemotingChannelClosedException};
 * each message names the address and the request code. Futures complete on a Netty event loop — do not block in
 * their continuations.
 */
public final class RemotingClient {
    private static final Logger log = LoggerFactory.getLogger(RemotingClient.class);
    /** invokeSync waits this much past the request timeout in case the timeout task itself is late. */
    private static final long SYNC_GRACE_MS = 1_000;

    private final RemotingClientConfig config;
    private final RequestDispatcher dispatcher = new RequestDispatcher();
    private final ChannelEventNotifier events = new ChannelEventNotifier("msgframe-client-events");
    private final ConnectionTable connections = new ConnectionTable();
    private EventLoopGroup group;
    private Bootstrap bootstrap;
    private volatile boolean running;

    public RemotingClient(RemotingClientConfig config) {
        this.config = config;
    }

    /** Requests the server sends with {@code code} run {@code processor} on {@code executor}. */
    public void registerProcessor(int code, RequestProcessor processor, ExecutorService executor) {
        dispatcher.register(code, processor, executor);
    }

    public void addChannelListener(ChannelEventListener listener) {
        events.addListener(listener);
    }

    public synchronized void start() {
        if (group != null) {
            throw new IllegalStateException("a remoting client starts once; this one was started before");
        }
        group = new NioEventLoopGroup(config.ioThreads(), new NamedThreadFactory("msgframe-client-io", true));
        bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMs())
                .handler(new RemotingChannelInitializer(config.maxFrameBytes(), config.idleSeconds(), dispatcher,
                        events, channel -> { }));
        running = true;
    }

    /**
     * Sends {@code request} to {@code addr} ("host:port"), connecting first if needed, and completes with the
     * response or exceptionally with a {@link RemotingException} after at most about {@code timeoutMs}.
     */
    public CompletableFuture<RemotingCommand> invokeAsync(String addr, RemotingCommand request, long timeoutMs) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive, got " + timeoutMs);
        }
        if (!running) {
            return CompletableFuture.failedFuture(notRunning(addr, request));
        }
        CompletableFuture<NettyRemotingChannel> connection = connections.get(addr, bootstrap);
        NettyRemotingChannel ready = ConnectionTable.readyChannel(connection);
        if (ready != null) {
            return ready.invoke(request, timeoutMs);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        CompletableFuture<RemotingCommand> result = new CompletableFuture<>();
        try {
            ScheduledFuture<?> timer = group.schedule(() -> result.completeExceptionally(
                    new RemotingTimeoutException(addr, request.code(), timeoutMs)), timeoutMs, TimeUnit.MILLISECONDS);
            result.whenComplete((response, error) -> timer.cancel(false));
        } catch (RejectedExecutionException e) { // shutting down
            return CompletableFuture.failedFuture(notRunning(addr, request));
        }
        connection.whenComplete((channel, error) -> {
            if (result.isDone()) {
                return; // timed out while connecting: do not send a request nobody waits for
            }
            if (error != null) {
                result.completeExceptionally(new RemotingConnectException(addr, request.code(), unwrap(error)));
                return;
            }
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMs <= 0) {
                result.completeExceptionally(new RemotingTimeoutException(addr, request.code(), timeoutMs));
                return;
            }
            channel.invoke(request, remainingMs).whenComplete((response, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(response);
                }
            });
        });
        return result;
    }

    /**
     * The blocking form of {@link #invokeAsync}.
     *
     * @throws RemotingException (unchecked) on timeout, connect or send failure, a closed connection, or when the
     *                           calling thread is interrupted (interrupt status kept)
     */
    public RemotingCommand invokeSync(String addr, RemotingCommand request, long timeoutMs) {
        CompletableFuture<RemotingCommand> future = invokeAsync(addr, request, timeoutMs);
        try {
            return future.get(timeoutMs + SYNC_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RemotingException remoting) {
                throw remoting;
            }
            throw new RemotingSendRequestException(addr, request.code(), String.valueOf(cause), cause);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new RemotingTimeoutException(addr, request.code(), timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemotingSendRequestException(addr, request.code(), "interrupted while waiting", e);
        }
    }

    /**
     * Sends a request the server must not answer; a failure to connect or send is logged.
     *
     * @throws RemotingSendRequestException if the client is not running
     */
    public void invokeOneway(String addr, RemotingCommand request) {
        if (!running) {
            throw notRunning(addr, request);
        }
        connections.get(addr, bootstrap).whenComplete((channel, error) -> {
            if (error != null) {
                log.warn("Oneway request code {} to {} not sent: {}", request.code(), addr, unwrap(error).toString());
            } else {
                channel.invokeOneway(request);
            }
        });
    }

    /** Closes the connection to {@code addr}, if any; its pending requests fail at once. */
    public void closeChannel(String addr) {
        connections.close(addr);
    }

    /** Closes every connection (pending requests fail) and stops the event loops. Idempotent. */
    public synchronized void shutdown() {
        if (group == null || !running) {
            return;
        }
        running = false;
        List<Channel> open = new ArrayList<>(connections.closeAll());
        for (Channel channel : open) {
            channel.closeFuture().awaitUninterruptibly(3_000);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        events.shutdown();
    }

    private static RemotingException notRunning(String addr, RemotingCommand request) {
        return new RemotingSendRequestException(addr, request.code(), "the remoting client is not running", null);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }
}
