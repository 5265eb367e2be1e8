package io.msgframe.remoting.codec;

import io.msgframe.protocol.remoting.HeaderCodec;
import io.msgframe.protocol.remoting.HeaderProbe;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

import java.util.List;

/**
 * Turns one frame (after {@link FrameDecoder}: header word, header, body) into a {@link RemotingCommand}, or into
 * a {@link MalformedFrame} when the header word or header is bad. The header word holds the serialize type in
 * bits 31..24 and the header length in bits 23..0; the body is whatever follows the header (null when empty).
 */
@ChannelHandler.Sharable
public final class CommandDecoder extends MessageToMessageDecoder<ByteBuf> {
    public static final CommandDecoder INSTANCE = new CommandDecoder();
    private static final int HEADER_WORD_BYTES = 4;
    private static final int HEADER_LENGTH_MASK = 0xFFFFFF;

    private CommandDecoder() {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(decode(frame));
    }

    /** @return a {@link RemotingCommand} or a {@link MalformedFrame}; consumes the frame's readable bytes */
    public static Object decode(ByteBuf frame) {
        int frameBytes = frame.readableBytes();
        if (frameBytes < HEADER_WORD_BYTES) {
            frame.skipBytes(frameBytes);
            return malformed(null, new byte[0], "a frame of " + frameBytes + " bytes has no header word");
        }
        int headerWord = frame.readInt();
        int typeCode = headerWord >>> 24;
        int headerLength = headerWord & HEADER_LENGTH_MASK;
        SerializeType type = SerializeType.of(typeCode);
        int available = frame.readableBytes();
        byte[] header = new byte[Math.min(headerLength, available)];
        frame.readBytes(header);
        if (headerLength > available) {
            return malformed(type, header, "the header length " + headerLength + " exceeds the " + available
                    + " bytes that follow the header word");
        }
        if (type == null) {
            return malformed(null, header, "unknown serialize type " + typeCode);
        }
        RemotingCommand command;
        try {
            command = HeaderCodec.decode(type, header, 0, headerLength);
        } catch (ProtocolException e) {
            return malformed(type, header, e.getMessage());
        }
        int bodyLength = frame.readableBytes();
        if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            frame.readBytes(body);
            command.body(body);
        }
        return command;
    }

    private static MalformedFrame malformed(SerializeType type, byte[] header, String reason) {
        return new MalformedFrame(type, HeaderProbe.of(type, header, 0, header.length), reason);
    }
}
