package io.msgframe.protocol.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinaryHeaderCodecTest {

    /** A header built field by field from the table of reference §1.4. */
    static byte[] handBuilt(int code, int language, int version, int opaque, int flag, String remark,
                            String... extPairs) throws IOException {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        DataOutputStream e = new DataOutputStream(ext);
        for (int i = 0; i < extPairs.length; i += 2) {
            byte[] key = extPairs[i].getBytes(StandardCharsets.UTF_8);
            byte[] value = extPairs[i + 1].getBytes(StandardCharsets.UTF_8);
            e.writeShort(key.length);
            e.write(key);
            e.writeInt(value.length);
            e.write(value);
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.writeShort(code);
        h.writeByte(language);
        h.writeShort(version);
        h.writeInt(opaque);
        h.writeInt(flag);
        byte[] remarkBytes = remark == null ? new byte[0] : remark.getBytes(StandardCharsets.UTF_8);
        h.writeInt(remarkBytes.length);
        h.write(remarkBytes);
        h.writeInt(ext.size());
        h.write(ext.toByteArray());
        return header.toByteArray();
    }

    @Test
    void decodesAHandBuiltHeader() throws IOException {
        byte[] header = handBuilt(310, 0, 479, 123456, 0, "hello",
                "b", "TopicTest", "i", "TAGS\u0001TagA\u0002", "n", "broker-a");

        RemotingCommand command = HeaderCodec.decode(SerializeType.ROCKETMQ, header);

        assertThat(header).hasSize(21 + 5 + (2 + 1 + 4 + 9) + (2 + 1 + 4 + 10) + (2 + 1 + 4 + 8));
        assertThat(command.code()).isEqualTo(310);
        assertThat(command.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(command.version()).isEqualTo(479);
        assertThat(command.opaque()).isEqualTo(123456);
        assertThat(command.flag()).isZero();
        assertThat(command.remark()).isEqualTo("hello");
        assertThat(command.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(command.extFields()).containsExactly(Map.entry("b", "TopicTest"),
                Map.entry("i", "TAGS\u0001TagA\u0002"), Map.entry("n", "broker-a"));
    }

    @Test
    void encodesExactlyTheHandBuiltLayout() throws IOException {
        RemotingCommand request = RemotingCommand.request(34).opaque(-2).version(409).ext("k", "v").ext("é", "中");
        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, "ok");
        response.ext("MSG_REGION", "DefaultRegion");

        assertThat(HeaderCodec.encodeBinary(request))
                .isEqualTo(handBuilt(34, 0, 409, -2, 0, null, "k", "v", "é", "中"));
        assertThat(HeaderCodec.encodeBinary(response))
                .isEqualTo(handBuilt(0, 0, 409, -2, 1, "ok", "MSG_REGION", "DefaultRegion"));
    }

    @Test
    void emptyRemarkAndExtAreAbsent() throws IOException {
        RemotingCommand command = HeaderCodec.decode(SerializeType.ROCKETMQ, handBuilt(11, 9, 1, 1, 2, null));

        assertThat(command.remark()).isNull();
        assertThat(command.hasExtFields()).isFalse();
        assertThat(command.language()).isEqualTo(LanguageCode.GO);
        assertThat(command.isOneway()).isTrue();
        assertThat(HeaderCodec.encodeBinary(command)).hasSize(21);
    }

    @Test
    void rejectsCodesThatDoNotFitInt16() {
        RemotingCommand pop = RemotingCommand.request(200050);

        assertThat(HeaderCodec.fitsBinary(pop)).isFalse();
        assertThatThrownBy(() -> HeaderCodec.encodeBinary(pop)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsLengthsBeyondTheHeader() throws IOException {
        byte[] good = handBuilt(10, 0, 409, 5, 0, "abc", "key", "value");

        assertMalformed(java.util.Arrays.copyOf(good, 20), "fewer than the 21");
        assertMalformed(withIntAt(good, 13, 1000), "remark length 1000 exceeds");
        assertMalformed(withIntAt(good, 13, -1), "remark length -1 exceeds");
        assertMalformed(withIntAt(good, 20, 500), "ext fields length 500 exceeds");
        assertMalformed(withShortAt(good, 24, 40), "ext key length 40 exceeds");
        assertMalformed(withIntAt(good, 29, 99), "value of ext key 'key' length 99 exceeds");
        assertMalformed(java.util.Arrays.copyOf(good, good.length - 1), "ext fields length 14 exceeds");
    }

    @Test
    void rejectsAnExtEntryCutShortInsideTheDeclaredLength() throws IOException {
        byte[] good = handBuilt(10, 0, 409, 5, 0, null, "k", "v");
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        byte[] declaresOneMore = withIntAt(longer, 17, 8 + 1); // a dangling byte where a key length should be

        assertThatThrownBy(() -> HeaderCodec.decode(SerializeType.ROCKETMQ, declaresOneMore))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("cut short");
    }

    private static void assertMalformed(byte[] header, String message) {
        assertThatThrownBy(() -> HeaderCodec.decode(SerializeType.ROCKETMQ, header))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("malformed binary header")
                .hasMessageContaining(message);
    }

    private static byte[] withIntAt(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        java.nio.ByteBuffer.wrap(copy).putInt(offset, value);
        return copy;
    }

    private static byte[] withShortAt(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        java.nio.ByteBuffer.wrap(copy).putShort(offset, (short) value);
        return copy;
    }
}
