package io.msgframe.client.producer;

import io.msgframe.client.InvalidMessageException;
import io.msgframe.client.MessageTooLargeException;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.message.BatchBody;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.UniqueIdGenerator;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageEncoderTest {
    private final MessageEncoder encoder = new MessageEncoder("g", 4096, 5, 64 * 1024,
            new UniqueIdGenerator(InetAddress.getLoopbackAddress(), Clock.systemDefaultZone()),
            Clock.systemDefaultZone());

    @Test
    void bodiesFromTheThresholdAreZlibCompressedWithSysFlag0x301() throws Exception {
        byte[] body = "orders ".repeat(1000).getBytes(StandardCharsets.UTF_8);
        PreparedMessage prepared = encoder.prepare(Message.of("T", body), true);
        assertThat(prepared.sysFlag()).isEqualTo(0x301);
        assertThat(prepared.body().length).isLessThan(body.length);

        Inflater inflater = new Inflater();
        inflater.setInput(prepared.body());
        byte[] out = new byte[body.length + 16];
        int n = inflater.inflate(out);
        assertThat(inflater.finished()).isTrue();
        inflater.end();
        assertThat(Arrays.copyOf(out, n)).isEqualTo(body);

        RemotingCommand request = encoder.single(prepared, new MessageQueue("T", "b", 1));
        assertThat(request.ext("f")).isEqualTo("769");
    }

    @Test
    void smallBodiesAndBatchBodiesAreNotCompressed() {
        assertThat(encoder.prepare(Message.of("T", new byte[4095]), true).sysFlag()).isZero();
        assertThat(encoder.prepare(Message.of("T", new byte[8192]), false).sysFlag()).isZero();
    }

    @Test
    void propertiesCarryTagsKeysWaitUserPropertiesAndAUniqueKey() {
        Message message = Message.builder("T").body("x").tags("paid").keys("k1", "k2").property("region", "eu")
                .build();
        PreparedMessage a = encoder.prepare(message, true);
        PreparedMessage b = encoder.prepare(message, true);
        Map<String, String> properties = MessageProperties.decode(a.properties());
        assertThat(properties).containsEntry("TAGS", "paid").containsEntry("KEYS", "k1 k2")
                .containsEntry("WAIT", "true").containsEntry("region", "eu").containsEntry("UNIQ_KEY", a.uniqKey());
        assertThat(a.uniqKey()).hasSize(32).isNotEqualTo(b.uniqKey());

        RemotingCommand request = encoder.single(a, new MessageQueue("T", "broker-a", 3));
        assertThat(request.code()).isEqualTo(RequestCode.SEND_MESSAGE_V2);
        assertThat(request.extFields()).containsEntry("a", "g").containsEntry("b", "T").containsEntry("c", "TBW102")
                .containsEntry("d", "4").containsEntry("e", "3").containsEntry("i", a.properties())
                .containsEntry("m", "false").containsEntry("n", "broker-a");
    }

    @Test
    void batchBodyHasOneEntryPerMessageEachWithItsOwnUniqKey() {
        List<PreparedMessage> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            messages.add(encoder.prepare(Message.builder("T").body("m" + i).tags("t" + i).flag(i).build(), false));
        }
        byte[] body = encoder.batchBody(messages);
        BatchBody reader = new BatchBody(ByteBuffer.wrap(body));
        HashSet<String> keys = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            reader.next();
            assertThat(reader.flag()).isEqualTo(i);
            byte[] entry = new byte[reader.body().remaining()];
            reader.body().get(entry);
            assertThat(new String(entry, StandardCharsets.UTF_8)).isEqualTo("m" + i);
            Map<String, String> properties = MessageProperties.decode(reader.properties());
            assertThat(properties).containsEntry("TAGS", "t" + i);
            keys.add(properties.get("UNIQ_KEY"));
        }
        assertThat(reader.hasNext()).isFalse();
        assertThat(keys).hasSize(3);
        RemotingCommand request = encoder.batch("T", body, new MessageQueue("T", "b", 0));
        assertThat(request.code()).isEqualTo(RequestCode.SEND_BATCH_MESSAGE);
        assertThat(request.ext("m")).isEqualTo("true");
    }

    @Test
    void batchRulesAreChecked() {
        PreparedMessage t = encoder.prepare(Message.of("T", new byte[1]), false);
        PreparedMessage u = encoder.prepare(Message.of("U", new byte[1]), false);
        PreparedMessage delayed = encoder.prepare(Message.builder("T").body("x").delayLevel(3).build(), false);
        assertThatThrownBy(() -> encoder.batchBody(List.of(t, u))).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("one topic");
        assertThatThrownBy(() -> encoder.batchBody(List.of(t, delayed))).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("delayed");
        List<PreparedMessage> big = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            big.add(encoder.prepare(Message.of("T", new byte[30_000]), false));
        }
        assertThatThrownBy(() -> encoder.batchBody(big)).isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("65536");
    }

    @Test
    void deliveryTimeTravelsAsTimerPropertyAndIsNeverBatched() {
        PreparedMessage at = encoder.prepare(Message.builder("T").body("x")
                .deliverAt(java.time.Instant.ofEpochMilli(1_900_000_000_000L)).build(), false);
        PreparedMessage after = encoder.prepare(Message.builder("T").body("x")
                .deliverAfter(java.time.Duration.ofSeconds(90)).build(), false);
        assertThat(MessageProperties.find(at.properties(), PropertyKeys.TIMER_DELIVER_MS)).isEqualTo("1900000000000");
        assertThat(MessageProperties.find(at.properties(), PropertyKeys.TIMER_DELAY_MS)).isNull();
        assertThat(MessageProperties.find(after.properties(), PropertyKeys.TIMER_DELAY_MS)).isEqualTo("90000");
        assertThat(MessageProperties.find(after.properties(), PropertyKeys.DELAY_TIME_LEVEL)).isNull();
        assertThat(at.delayed()).isTrue();
        assertThat(after.delayed()).isTrue();
        PreparedMessage t = encoder.prepare(Message.of("T", new byte[1]), false);
        assertThatThrownBy(() -> encoder.batchBody(List.of(t, at))).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void delayLevelAndDeliveryTimeTogetherAreRefusedAndTimerNamesAreReserved() {
        assertThatThrownBy(() -> Message.builder("T").body("x").deliverAfter(java.time.Duration.ofSeconds(1))
                .delayLevel(2).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> Message.builder("T").deliverAfter(java.time.Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> Message.builder("T").property(PropertyKeys.TIMER_DELIVER_MS, "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @Test
    void bodyOverTheLimitIsRefusedBeforeSendingNamingSizeAndLimit() {
        assertThatThrownBy(() -> encoder.prepare(Message.of("T", new byte[64 * 1024 + 1]), true))
                .isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("65537 bytes").hasMessageContaining("limit of 65536 bytes");
        assertThat(encoder.prepare(Message.of("T", new byte[64 * 1024]), true)).isNotNull();
    }

    @Test
    void badTopicsAndEmptyBodiesAreRefused() {
        assertThatThrownBy(() -> encoder.prepare(Message.of("a b", new byte[1]), true))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("illegal characters");
        assertThatThrownBy(() -> encoder.prepare(Message.of("SCHEDULE_TOPIC_XXXX", new byte[1]), true))
                .isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> encoder.prepare(Message.of("T", new byte[0]), true))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("empty body");
    }
}
