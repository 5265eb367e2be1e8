package io.msgframe.remoting.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the byte stream into frames at the 4-byte big-endian length field (reference §1.2) and strips that field:
 * the frame passed on is header word + header + body. A frame whose total size (length field included, as
 * RocketMQ counts it) exceeds {@code maxFrameBytes} cannot be skipped safely, so the connection is closed with one
 * WARN line and every later byte is dropped.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    /** RocketMQ's default {@code com.rocketmq.remoting.frameMaxLength}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    static final int LENGTH_FIELD_BYTES = 4;
    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);

    private final int maxFrameBytes;
    private boolean closing;

    public FrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes, 0, LENGTH_FIELD_BYTES, 0, LENGTH_FIELD_BYTES);
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (closing) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        if (in.readableBytes() >= LENGTH_FIELD_BYTES) {
            long frameBytes = in.getUnsignedInt(in.readerIndex()) + LENGTH_FIELD_BYTES;
            if (frameBytes > maxFrameBytes) {
                closing = true;
                in.skipBytes(in.readableBytes());
                log.warn("Closing the connection from {}: a frame of {} bytes exceeds the maximum of {} bytes",
                        ctx.channel().remoteAddress(), frameBytes, maxFrameBytes);
                ctx.close();
                return null;
            }
        }
        return super.decode(ctx, in);
    }
}
