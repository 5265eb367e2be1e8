package io.msgframe.remoting.transport;

import io.msgframe.remoting.codec.CommandDecoder;
import io.msgframe.remoting.codec.CommandEncoder;
import io.msgframe.remoting.codec.FrameDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The pipeline of every connection, server or client side:
 * idle detector → frame decoder → command decoder → command encoder → {@link RemotingHandler}.
 */
public final class RemotingChannelInitializer extends ChannelInitializer<Channel> {
    private final int maxFrameBytes;
    private final int idleSeconds;
    private final RequestDispatcher dispatcher;
    private final ChannelEventNotifier events;
    private final Consumer<Channel> onInit;

    /**
     * @param idleSeconds close after this long without reads or writes; 0 disables
     * @param onInit      told about each new channel (e.g. to track it for shutdown)
     */
    public RemotingChannelInitializer(int maxFrameBytes, int idleSeconds, RequestDispatcher dispatcher,
                                      ChannelEventNotifier events, Consumer<Channel> onInit) {
        this.maxFrameBytes = maxFrameBytes;
        this.idleSeconds = idleSeconds;
        this.dispatcher = dispatcher;
        this.events = events;
        this.onInit = onInit;
    }

    @Override
    protected void initChannel(Channel ch) {
        NettyRemotingChannel remoting = NettyRemotingChannel.attach(ch);
        if (idleSeconds > 0) {
            ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS));
        }
        ch.pipeline()
                .addLast("frameDecoder", new FrameDecoder(maxFrameBytes))
                .addLast("commandDecoder", CommandDecoder.INSTANCE)
                .addLast("commandEncoder", CommandEncoder.INSTANCE)
                .addLast("remoting", new RemotingHandler(remoting, dispatcher, events));
        onInit.accept(ch);
    }
}
