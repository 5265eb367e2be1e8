package io.msgframe.remoting.codec;

import io.msgframe.protocol.remoting.HeaderCodec;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes a {@link RemotingCommand} as one frame: length, header word, header, body. Only the 8-byte prefix and
 * the header are copied into a pooled buffer; the body (a byte array or zero-copy {@code bodyParts}, e.g. slices
 * of mapped files) is wrapped as it is, so the frame goes out as a gathering write. The caller releases zero-copy
 * parts through {@link RemotingCommand#bodyWritten()} once the write promise completes.
 *
 * <p>A command asking for the binary header falls back to JSON when its code does not fit the binary int16
 * (the 5.x POP codes), as reference §1.4 requires.
 */
@ChannelHandler.Sharable
public final class CommandEncoder extends MessageToMessageEncoder<RemotingCommand> {
    public static final CommandEncoder INSTANCE = new CommandEncoder();
    private static final int MAX_HEADER_BYTES = 0xFFFFFF;
    private static final int PREFIX_BYTES = 8;

    private CommandEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, List<Object> out) {
        SerializeType type = command.serializeType() == SerializeType.ROCKETMQ && HeaderCodec.fitsBinary(command)
                ? SerializeType.ROCKETMQ : SerializeType.JSON;
        byte[] header = HeaderCodec.encode(command, type);
        if (header.length > MAX_HEADER_BYTES) {
            throw new EncoderException("the header of " + command + " is " + header.length
                    + " bytes, more than the frame's 24-bit header length allows");
        }
        long bodyLength = bodyLength(command);
        long length = Integer.BYTES + header.length + bodyLength;
        if (length > Integer.MAX_VALUE) {
            throw new EncoderException("the frame of " + command + " would be " + length + " bytes, over 2 GiB");
        }
        ByteBuf prefix = ctx.alloc().buffer(PREFIX_BYTES + header.length);
        prefix.writeInt((int) length);
        prefix.writeInt(type.code() << 24 | header.length);
        prefix.writeBytes(header);
        out.add(withBody(prefix, command));
    }

    private static long bodyLength(RemotingCommand command) {
        if (command.body() != null) {
            return command.body().length;
        }
        long total = 0;
        if (command.bodyParts() != null) {
            for (ByteBuffer part : command.bodyParts()) {
                total += part.remaining();
            }
        }
        return total;
    }

    private static ByteBuf withBody(ByteBuf prefix, RemotingCommand command) {
        byte[] body = command.body();
        if (body != null) {
            return body.length == 0 ? prefix : Unpooled.wrappedBuffer(prefix, Unpooled.wrappedBuffer(body));
        }
        List<ByteBuffer> parts = command.bodyParts();
        if (parts == null || parts.isEmpty()) {
            return prefix;
        }
        ByteBuf[] components = new ByteBuf[parts.size() + 1];
        components[0] = prefix;
        for (int i = 0; i < parts.size(); i++) {
            // duplicate(): the wrapper must not move the caller's position; no bytes are copied
            components[i + 1] = Unpooled.wrappedBuffer(parts.get(i).duplicate());
        }
        return Unpooled.wrappedBuffer(components.length, components);
    }
}
