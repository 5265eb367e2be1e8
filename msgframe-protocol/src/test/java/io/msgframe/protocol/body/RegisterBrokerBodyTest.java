package io.msgframe.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msgframe.protocol.remoting.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class RegisterBrokerBodyTest {
    private static final RegisterBrokerBody SAMPLE = new RegisterBrokerBody(new TopicConfigSerializeWrapper(
            new DataVersion(0, 1700000000000L, 3), Map.of("TopicTest", TopicConfig.of("TopicTest", 4, 4, 6))));

    @Test
    void jsonFormMatchesTheReferenceExampleExactly() {
        // reference §2.4.1, body when compressed=false, whitespace removed
        String expected = "{\"filterServerList\":[],\"topicConfigSerializeWrapper\":{"
                + "\"dataVersion\":{\"counter\":3,\"stateVersion\":0,\"timestamp\":1700000000000},"
                + "\"topicConfigTable\":{\"TopicTest\":{\"attributes\":{},\"order\":false,\"perm\":6,"
                + "\"readQueueNums\":4,\"topicFilterType\":\"SINGLE_TAG\",\"topicName\":\"TopicTest\","
                + "\"topicSysFlag\":0,\"writeQueueNums\":4}}}}";

        assertThat(new String(SAMPLE.encode(false), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(RegisterBrokerBody.decode(expected.getBytes(StandardCharsets.UTF_8), false)).isEqualTo(SAMPLE);
    }

    @Test
    void compressedFormRoundTripsWithoutSysFlagAndOrder() {
        TopicConfig ordered = new TopicConfig("O", 2, 2, 6, TopicFilterType.MULTI_TAG, 1, true, Map.of("a", "b"));
        RegisterBrokerBody body = new RegisterBrokerBody(new TopicConfigSerializeWrapper(new DataVersion(0, 5, 1),
                Map.of("O", ordered, "TopicTest", TopicConfig.of("TopicTest", 4, 4, 6))));

        RegisterBrokerBody back = RegisterBrokerBody.decode(body.encode(true), true);

        assertThat(back.topicConfigSerializeWrapper().dataVersion()).isEqualTo(new DataVersion(0, 5, 1));
        assertThat(back.topicConfigSerializeWrapper().topicConfigTable().get("O"))
                .isEqualTo(new TopicConfig("O", 2, 2, 6, TopicFilterType.MULTI_TAG, 0, false, Map.of()));
        assertThat(back.topicConfigSerializeWrapper().topicConfigTable().get("TopicTest"))
                .isEqualTo(TopicConfig.of("TopicTest", 4, 4, 6));
    }

    @Test
    void compressedTopicTextWithFiveXAttributesIsRead() {
        assertThat(CompressedRegisterBrokerBody.fromText("T 1 2 7 SINGLE_TAG {\"+delete.policy\":\"COMPACTION\"}"))
                .isEqualTo(new TopicConfig("T", 1, 2, 7, TopicFilterType.SINGLE_TAG, 0, false,
                        Map.of("+delete.policy", "COMPACTION")));
        assertThat(CompressedRegisterBrokerBody.toText(TopicConfig.of("T", 1, 2, 7))).isEqualTo("T 1 2 7 SINGLE_TAG");
    }

    @Test
    void compressedBodyWithStaticTopicMappingsSkipsThem() throws IOException {
        byte[] body = deflate(out -> {
            chunk(out, "{\"counter\":1,\"timestamp\":2}");
            out.writeInt(1);
            chunk(out, "T 4 4 6 SINGLE_TAG");
            chunk(out, "[]");
            out.writeInt(1);
            chunk(out, "{\"topic\":\"T\",\"totalQueues\":4}");
        });

        RegisterBrokerBody read = RegisterBrokerBody.decode(body, true);

        assertThat(read.topicConfigSerializeWrapper().topicConfigTable()).containsOnlyKeys("T");
    }

    @Test
    void truncatedOrCorruptCompressedBodiesAreProtocolErrors() throws IOException {
        byte[] good = SAMPLE.encode(true);
        assertThatThrownBy(() -> RegisterBrokerBody.decode(Arrays.copyOf(good, good.length / 2), true))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("malformed compressed register-broker body");
        assertThatThrownBy(() -> RegisterBrokerBody.decode("{\"not\":\"zlib\"}".getBytes(StandardCharsets.UTF_8), true))
                .isInstanceOf(ProtocolException.class);
        byte[] negative = deflate(out -> out.writeInt(-5));
        assertThatThrownBy(() -> RegisterBrokerBody.decode(negative, true))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("negative length -5 of data version");
        byte[] badTopic = deflate(out -> {
            chunk(out, "{\"counter\":1}");
            out.writeInt(1);
            chunk(out, "T four 4 6 SINGLE_TAG");
        });
        assertThatThrownBy(() -> RegisterBrokerBody.decode(badTopic, true))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("bad topic config text: T four 4 6 SINGLE_TAG");
    }

    @Test
    void aZlibBombIsStoppedAtTheInflatedSizeLimit() throws IOException {
        byte[] bomb = deflate(out -> {
            out.writeInt(Integer.MAX_VALUE);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 80; i++) {
                out.write(zeros);
            }
        });

        assertThatThrownBy(() -> RegisterBrokerBody.decode(bomb, true))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("inflates to more than");
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] deflate(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
