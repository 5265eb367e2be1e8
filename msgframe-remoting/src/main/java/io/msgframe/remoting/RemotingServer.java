package io.msgframe.remoting;

import io.msgframe.remoting.transport.ChannelEventNotifier;
import io.msgframe.remoting.transport.RemotingChannelInitializer;
import io.msgframe.remoting.transport.RequestDispatcher;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The broker's (or name server's) side of RocketMQ's remoting protocol: a Netty NIO server that decodes frames on
 * its event loops and hands each request to the executor registered for its code. Processors are normally
 * registered before {@link #start()} (the table may also change while running); executors belong to the caller,
 * who shuts them down after this server.
 *
 * <p>Life cycle: {@code new} → register processors and listeners → {@link #start()} → {@link #shutdown()}.
 */
public final class RemotingServer {
    private static final Logger log = LoggerFactory.getLogger(RemotingServer.class);
    private static final long CLOSE_WAIT_MS = 3_000;

    private final RemotingServerConfig config;
    private final RequestDispatcher dispatcher = new RequestDispatcher();
    private final ChannelEventNotifier events = new ChannelEventNotifier("msgframe-server-events");
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;
    private int boundPort = -1;
    private boolean stopped;
    private volatile boolean running;

    public RemotingServer(RemotingServerConfig config) {
        this.config = config;
    }

    public RemotingServerConfig config() {
        return config;
    }

    /** Requests with {@code code} run {@code processor} on {@code executor}. */
    public void registerProcessor(int code, RequestProcessor processor, ExecutorService executor) {
        dispatcher.register(code, processor, executor);
    }

    /** Serves codes without their own processor; without one they get REQUEST_CODE_NOT_SUPPORTED. */
    public void registerDefaultProcessor(RequestProcessor processor, ExecutorService executor) {
        dispatcher.registerDefault(processor, executor);
    }

    public void addChannelListener(ChannelEventListener listener) {
        events.addListener(listener);
    }

    /**
     * Binds and starts accepting connections.
     *
     * @throws IllegalStateException if the address cannot be bound or the server was started before
     */
    public synchronized void start() {
        if (acceptGroup != null) {
            throw new IllegalStateException("a remoting server starts once; this one was started before");
        }
        acceptGroup = new NioEventLoopGroup(1, new NamedThreadFactory("msgframe-server-accept", true));
        ioGroup = new NioEventLoopGroup(config.ioThreads(), new NamedThreadFactory("msgframe-server-io", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childHandler(new RemotingChannelInitializer(config.maxFrameBytes(), config.idleSeconds(),
                        dispatcher, events, this::track));
        ChannelFuture bound = bootstrap.bind(config.bindAddress(), config.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            stopEventLoops();
            throw new IllegalStateException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": "
                    + bound.cause(), bound.cause());
        }
        serverChannel = bound.channel();
        boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        running = true;
        log.info("Remoting server listening on {}", serverChannel.localAddress());
    }

    /** The port listened on (the chosen one when configured with 0). */
    public int port() {
        if (boundPort < 0) {
            throw new IllegalStateException("the remoting server is not started");
        }
        return boundPort;
    }

    public boolean isRunning() {
        return running;
    }

    /** Open client connections. */
    public int connectionCount() {
        return channels.size();
    }

    /** Requests answered SYSTEM_BUSY since start. */
    public long rejectedRequests() {
        return dispatcher.rejectedCount();
    }

    /**
     * Stops accepting, closes every connection (their pending invocations fail), stops the event loops, then
     * delivers the last listener events. Idempotent.
     */
    public synchronized void shutdown() {
        if (acceptGroup == null || stopped) {
            return;
        }
        stopped = true;
        running = false;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(CLOSE_WAIT_MS);
        }
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel channel : channels) {
            closing.add(channel.close());
        }
        for (ChannelFuture future : closing) {
            future.awaitUninterruptibly(CLOSE_WAIT_MS);
        }
        stopEventLoops();
        events.shutdown();
        log.info("Remoting server on port {} stopped", boundPort);
    }

    private void stopEventLoops() {
        acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        acceptGroup.terminationFuture().awaitUninterruptibly(CLOSE_WAIT_MS);
        ioGroup.terminationFuture().awaitUninterruptibly(CLOSE_WAIT_MS);
    }

    private void track(Channel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(closed -> channels.remove(channel));
    }
}
