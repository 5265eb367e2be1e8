package io.msgframe.remoting.transport;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.protocol.remoting.SerializeType;
import io.msgframe.remoting.RemotingException;
import io.msgframe.remoting.codec.MalformedFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The last inbound handler of a connection: responses complete pending invocations, requests go to the
 * dispatcher, malformed frames are answered with SYSTEM_ERROR, idle or failed connections are closed, and
 * listeners hear about all of it.
 */
final class RemotingHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RemotingHandler.class);

    private final NettyRemotingChannel channel;
    private final RequestDispatcher dispatcher;
    private final ChannelEventNotifier events;

    RemotingHandler(NettyRemotingChannel channel, RequestDispatcher dispatcher, ChannelEventNotifier events) {
        this.channel = channel;
        this.dispatcher = dispatcher;
        this.events = events;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        log.debug("Connection {} opened", channel);
        events.connected(channel);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RemotingCommand command) {
            if (command.isResponse()) {
                channel.completeResponse(command);
            } else {
                dispatcher.dispatch(channel, command);
            }
        } else if (msg instanceof MalformedFrame frame) {
            onMalformed(frame);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void onMalformed(MalformedFrame frame) {
        if (frame.probe().isResponse()) {
            log.warn("Malformed response frame from {} (opaque {}): {}", channel.remoteAddress(),
                    frame.probe().opaque(), frame.reason());
            if (frame.probe().recovered()) {
                channel.failPending(frame.probe().opaque(), new RemotingException("malformed response from "
                        + channel.remoteAddress() + ": " + frame.reason(), channel.remoteAddress(), -1, null));
            }
            return;
        }
        log.warn("Malformed request frame from {} (opaque {}{}): {}", channel.remoteAddress(), frame.probe().opaque(),
                frame.probe().recovered() ? "" : ", not recovered", frame.reason());
        if (frame.probe().isOneway()) {
            return;
        }
        RemotingCommand error = RemotingCommand.request(ResponseCode.SYSTEM_ERROR)
                .opaque(frame.probe().opaque())
                .remark("malformed frame: " + frame.reason())
                .serializeType(frame.serializeType() == null ? SerializeType.JSON : frame.serializeType());
        channel.writeResponse(error);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        log.debug("Connection {} closed", channel);
        channel.failAllPending();
        events.closed(channel);
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            log.info("Closing connection {}: no traffic for the idle time", channel);
            events.idle(channel);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.info("Closing connection {}: {}", channel, cause.toString());
        } else {
            log.warn("Closing connection {} after an unexpected error", channel, cause);
        }
        events.exception(channel, cause);
        ctx.close();
    }
}
