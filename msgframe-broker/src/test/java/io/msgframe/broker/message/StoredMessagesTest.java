package io.msgframe.broker.message;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.MessageRecordEncoder;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredMessagesTest {

    private static MessageRecord stored(String topic, int queueId, Map<String, String> properties) {
        MessageDraft draft = new MessageDraft().topic(topic).queueId(queueId).flag(7)
                .sysFlag(SysFlag.MULTI_TAGS)
                .bornTimestamp(1_700_000_000_000L)
                .bornHost(new InetSocketAddress("::1", 4000))
                .storeHost(new InetSocketAddress("127.0.0.1", 10911))
                .reconsumeTimes(3)
                .body("payload".getBytes(StandardCharsets.UTF_8))
                .properties(MessageProperties.encode(properties));
        ByteBuffer buffer = ByteBuffer.allocate(MessageRecordEncoder.encodedSize(draft));
        new MessageRecordEncoder().encode(draft, buffer);
        return new MessageRecord().wrap(buffer, 0);
    }

    @Test
    void draftOfKeepsEveryProducerFieldAndCopiesTheBody() {
        MessageRecord record = stored("orders", 2, Map.of("TAGS", "a"));
        MessageDraft draft = StoredMessages.draftOf(record);

        record.buffer().put(record.bodyOffset(), (byte) 'X');  // the draft must not see later changes

        assertThat(draft.topic()).isEqualTo("orders");
        assertThat(draft.queueId()).isEqualTo(2);
        assertThat(draft.flag()).isEqualTo(7);
        assertThat(draft.sysFlag()).isEqualTo(SysFlag.MULTI_TAGS);
        assertThat(draft.bornTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(draft.bornHost().getPort()).isEqualTo(4000);
        assertThat(draft.reconsumeTimes()).isEqualTo(3);
        assertThat(StandardCharsets.UTF_8.decode(draft.body()).toString()).isEqualTo("payload");
        assertThat(MessageProperties.find(draft.properties(), "TAGS")).isEqualTo("a");
    }

    @Test
    void toRealTopicRestoresTopicAndQueueAndDropsParkingProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("TAGS", "a");
        properties.put(PropertyKeys.REAL_TOPIC, "orders");
        properties.put(PropertyKeys.REAL_QUEUE_ID, "5");
        properties.put(PropertyKeys.DELAY_TIME_LEVEL, "3");
        MessageDraft draft = StoredMessages.toRealTopic(stored("SCHEDULE_TOPIC_XXXX", 2, properties),
                PropertyKeys.DELAY_TIME_LEVEL);

        assertThat(draft.topic()).isEqualTo("orders");
        assertThat(draft.queueId()).isEqualTo(5);
        assertThat(MessageProperties.decode(draft.properties())).containsOnlyKeys("TAGS");
    }

    @Test
    void toRealTopicRefusesARecordThatWasNeverParked() {
        assertThatThrownBy(() -> StoredMessages.toRealTopic(stored("orders", 0, Map.of("TAGS", "a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REAL_TOPIC");
    }
}
