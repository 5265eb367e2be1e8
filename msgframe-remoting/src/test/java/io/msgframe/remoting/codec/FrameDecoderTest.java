package io.msgframe.remoting.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static ByteBuf frame(int contentBytes) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(contentBytes);
        for (int i = 0; i < contentBytes; i++) {
            buf.writeByte(i);
        }
        return buf;
    }

    @Test
    void reassemblesAFrameSplitAcrossReadsAndStripsTheLengthField() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf whole = frame(10);

        assertThat(channel.writeInbound(whole.readRetainedSlice(3))).isFalse();
        assertThat(channel.writeInbound(whole.readRetainedSlice(5))).isFalse();
        assertThat(channel.writeInbound(whole.readRetainedSlice(6))).isTrue();
        whole.release();

        ByteBuf out = channel.readInbound();
        assertThat(out.readableBytes()).isEqualTo(10);
        assertThat(out.getByte(9)).isEqualTo((byte) 9);
        out.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void splitsSeveralFramesOfOneRead() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));

        channel.writeInbound(Unpooled.wrappedBuffer(frame(4), frame(0), frame(7)));

        for (int expected : new int[]{4, 0, 7}) {
            ByteBuf out = channel.readInbound();
            assertThat(out.readableBytes()).isEqualTo(expected);
            out.release();
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void acceptsAFrameOfExactlyTheMaximumLengthFieldIncluded() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));

        channel.writeInbound(frame(1020));

        ByteBuf out = channel.readInbound();
        assertThat(out.readableBytes()).isEqualTo(1020);
        out.release();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void closesTheConnectionOnAnOversizedFrameAndDropsTheRest() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf oversizedThenValid = Unpooled.wrappedBuffer(Unpooled.buffer().writeInt(1021).writeBytes(new byte[100]),
                frame(4));

        channel.writeInbound(oversizedThenValid);

        assertThat(channel.isOpen()).isFalse();
        Object passedOn = channel.readInbound();
        assertThat(passedOn).isNull();
    }

    @Test
    void treatsANegativeLengthAsOversized() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));

        channel.writeInbound(Unpooled.buffer().writeInt(-1));

        assertThat(channel.isOpen()).isFalse();
    }
}
