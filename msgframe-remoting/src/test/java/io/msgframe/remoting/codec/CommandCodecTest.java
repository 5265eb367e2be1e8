package io.msgframe.remoting.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.msgframe.protocol.remoting.HeaderCodec;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandCodecTest {
    static final String REFERENCE_HEADER = "{\"code\":310,\"extFields\":{\"a\":\"pg\",\"b\":\"TopicTest\","
            + "\"c\":\"TBW102\",\"d\":\"4\",\"e\":\"1\",\"f\":\"0\",\"g\":\"1700000000000\",\"h\":\"0\","
            + "\"i\":\"TAGS\\u0001TagA\\u0002WAIT\\u0001true\\u0002UNIQ_KEY\\u0001ABC\\u0002\",\"j\":\"0\","
            + "\"k\":\"false\",\"m\":\"false\",\"n\":\"broker-a\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":0,"
            + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":409}";

    /** A frame without its length field, as {@link FrameDecoder} passes it on. */
    private static ByteBuf frame(int headerWord, byte[] header, byte[] body) {
        return Unpooled.buffer().writeInt(headerWord).writeBytes(header).writeBytes(body);
    }

    @Test
    void decodesTheReferenceExampleFrameByHand() {
        byte[] header = REFERENCE_HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] body = "Hello".getBytes(StandardCharsets.UTF_8);

        Object decoded = CommandDecoder.decode(frame(header.length, header, body));

        assertThat(decoded).isInstanceOf(RemotingCommand.class);
        RemotingCommand command = (RemotingCommand) decoded;
        assertThat(command.code()).isEqualTo(310);
        assertThat(command.serializeType()).isEqualTo(SerializeType.JSON);
        assertThat(command.ext("i")).isEqualTo("TAGS\u0001TagA\u0002WAIT\u0001true\u0002UNIQ_KEY\u0001ABC\u0002");
        assertThat(command.body()).isEqualTo(body);
    }

    @Test
    void decodesABinaryFrameWithoutBodyToANullBody() {
        byte[] header = HeaderCodec.encodeBinary(RemotingCommand.request(34).opaque(12).ext("k", "v"));

        RemotingCommand command = (RemotingCommand) CommandDecoder.decode(frame(1 << 24 | header.length, header,
                new byte[0]));

        assertThat(command.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(command.opaque()).isEqualTo(12);
        assertThat(command.ext("k")).isEqualTo("v");
        assertThat(command.body()).isNull();
    }

    @Test
    void reportsMalformedFramesWithWhatCouldBeRecovered() {
        byte[] binary = HeaderCodec.encodeBinary(RemotingCommand.request(34).opaque(12));
        byte[] json = "{\"opaque\":77,\"code\":".getBytes(StandardCharsets.UTF_8);

        MalformedFrame tooLong = (MalformedFrame) CommandDecoder.decode(frame(1 << 24 | 500, binary, new byte[0]));
        MalformedFrame unknownType = (MalformedFrame) CommandDecoder.decode(frame(9 << 24 | json.length, json,
                new byte[0]));
        MalformedFrame badJson = (MalformedFrame) CommandDecoder.decode(frame(json.length, json, new byte[0]));
        MalformedFrame empty = (MalformedFrame) CommandDecoder.decode(Unpooled.buffer().writeShort(1));

        assertThat(tooLong.probe().opaque()).isEqualTo(12);
        assertThat(tooLong.reason()).contains("header length 500 exceeds the 21 bytes");
        assertThat(unknownType.serializeType()).isNull();
        assertThat(unknownType.reason()).isEqualTo("unknown serialize type 9");
        assertThat(unknownType.probe().opaque()).isEqualTo(77);
        assertThat(badJson.probe().opaque()).isEqualTo(77);
        assertThat(badJson.reason()).startsWith("malformed JSON header");
        assertThat(empty.probe().recovered()).isFalse();
        assertThat(empty.reason()).isEqualTo("a frame of 2 bytes has no header word");
    }

    @Test
    void encoderWritesAFrameTheDecodersReadBack() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20), CommandDecoder.INSTANCE,
                CommandEncoder.INSTANCE);
        RemotingCommand original = RemotingCommand.request(310).opaque(5).ext("i", "a\u0001b\u0002")
                .serializeType(SerializeType.ROCKETMQ).body(new byte[]{1, 2, 3});

        channel.writeOutbound(original);
        ByteBuf wire = channel.readOutbound();
        int length = wire.getInt(0);
        int headerWord = wire.getInt(4);
        channel.writeInbound(wire);
        RemotingCommand decoded = channel.readInbound();

        assertThat(length).isEqualTo(wire.capacity() - 4);
        assertThat(headerWord >>> 24).isEqualTo(1);
        assertThat(decoded.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(decoded.opaque()).isEqualTo(5);
        assertThat(decoded.ext("i")).isEqualTo("a\u0001b\u0002");
        assertThat(decoded.body()).containsExactly(1, 2, 3);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void binaryRequestWithACodeBeyondInt16GoesOutAsJson() {
        EmbeddedChannel channel = new EmbeddedChannel(CommandEncoder.INSTANCE);

        channel.writeOutbound(RemotingCommand.request(200050).serializeType(SerializeType.ROCKETMQ));
        ByteBuf wire = channel.readOutbound();

        assertThat(wire.getInt(4) >>> 24).isZero();
        wire.release();
    }

    @Test
    void zeroCopyBodyPartsAreWrappedNotCopied() {
        EmbeddedChannel channel = new EmbeddedChannel(CommandEncoder.INSTANCE);
        ByteBuffer part1 = ByteBuffer.allocateDirect(16);
        ByteBuffer part2 = ByteBuffer.allocateDirect(16);
        RemotingCommand response = RemotingCommand.success(RemotingCommand.request(11))
                .bodyParts(List.of(part1, part2), () -> { });

        channel.writeOutbound(response);
        ByteBuf wire = channel.readOutbound();
        part1.put(0, (byte) 42); // written after encoding: visible only if the frame shares the memory
        part2.put(15, (byte) 43);

        assertThat(wire).isInstanceOf(CompositeByteBuf.class);
        assertThat(wire.getByte(wire.capacity() - 32)).isEqualTo((byte) 42);
        assertThat(wire.getByte(wire.capacity() - 1)).isEqualTo((byte) 43);
        assertThat(wire.getInt(0)).isEqualTo(wire.capacity() - 4);
        assertThat(part1.position()).isZero();
        wire.release();
    }
}
