package io.msgframe.remoting.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.msgframe.protocol.remoting.LanguageCode;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.SerializeType;
import io.msgframe.remoting.codec.CommandDecoder;
import io.msgframe.remoting.codec.CommandEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Frames crossing between our codec and the official 4.9.8 {@code RemotingCommand} encode/decode. */
class RocketMqCodecCompatibilityTest {
    private static final String PROPERTIES = "TAGS\u0001TagA\u0002KEYS\u0001k1 k2\u0002中文\u0001é\u0002";

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void officialDecoderReadsOurFrames(SerializeType type) throws Exception {
        RemotingCommand ours = RemotingCommand.responseTo(RemotingCommand.request(310).opaque(77).serializeType(type),
                17, "topic not exist \u0001").ext("i", PROPERTIES).ext("queueId", 3).body(new byte[]{1, 2, 3});
        EmbeddedChannel channel = new EmbeddedChannel(CommandEncoder.INSTANCE);
        channel.writeOutbound(ours);
        ByteBuf wire = channel.readOutbound();
        ByteBuffer frame = ByteBuffer.allocate(wire.readableBytes());
        wire.readBytes(frame);
        wire.release();
        frame.flip();
        int length = frame.getInt();

        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(frame.slice());

        assertThat(length).isEqualTo(frame.limit() - 4);
        assertThat(theirs.getSerializeTypeCurrentRPC().name()).isEqualTo(type.name());
        assertThat(theirs.getCode()).isEqualTo(17);
        assertThat(theirs.getOpaque()).isEqualTo(77);
        assertThat(theirs.isResponseType()).isTrue();
        assertThat(theirs.getRemark()).isEqualTo("topic not exist \u0001");
        assertThat(theirs.getVersion()).isEqualTo(RemotingCommand.SERVER_VERSION);
        assertThat(theirs.getLanguage().name()).isEqualTo("JAVA");
        assertThat(theirs.getExtFields()).isEqualTo(Map.of("i", PROPERTIES, "queueId", "3"));
        assertThat(theirs.getBody()).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @EnumSource(org.apache.rocketmq.remoting.protocol.SerializeType.class)
    void ourDecoderReadsOfficialFrames(org.apache.rocketmq.remoting.protocol.SerializeType type) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(310, null);
        theirs.setSerializeTypeCurrentRPC(type);
        theirs.addExtField("i", PROPERTIES);
        theirs.addExtField("b", "TopicTest");
        theirs.setRemark("r");
        theirs.markOnewayRPC();
        theirs.setBody(new byte[]{4, 5});
        ByteBuffer encoded = theirs.encode();
        EmbeddedChannel channel = new EmbeddedChannel(new io.msgframe.remoting.codec.FrameDecoder(1 << 20),
                CommandDecoder.INSTANCE);

        channel.writeInbound(Unpooled.wrappedBuffer(encoded));
        RemotingCommand ours = channel.readInbound();

        assertThat(ours.serializeType().name()).isEqualTo(type.name());
        assertThat(ours.code()).isEqualTo(310);
        assertThat(ours.opaque()).isEqualTo(theirs.getOpaque());
        assertThat(ours.isOneway()).isTrue();
        assertThat(ours.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(ours.remark()).isEqualTo("r");
        assertThat(ours.extFields()).isEqualTo(Map.of("i", PROPERTIES, "b", "TopicTest"));
        assertThat(ours.body()).containsExactly(4, 5);
    }
}
