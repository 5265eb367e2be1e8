package io.msgframe.broker.send;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.OffsetMessageId;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import static io.msgframe.broker.send.InProcessBroker.bodyText;
import static io.msgframe.broker.send.InProcessBroker.commitLogOffsets;
import static io.msgframe.broker.send.InProcessBroker.properties;
import static io.msgframe.broker.send.InProcessBroker.pull;
import static io.msgframe.broker.send.InProcessBroker.records;
import static io.msgframe.broker.send.InProcessBroker.sendV1;
import static io.msgframe.broker.send.InProcessBroker.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

/** Sends through a real broker over loopback, and reads back what was stored. */
class SendMessageInProcessTest {
    @TempDir
    Path dir;
    private InProcessBroker fixture;

    @BeforeEach
    void start() {
        fixture = InProcessBroker.start(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private List<MessageRecord> pullAll(String topic, int queueId) {
        RemotingCommand response = fixture.invoke(pull("cg", topic, queueId, 0, "*", 0));
        assertThat(response.code()).as("pull %s", response).isEqualTo(ResponseCode.SUCCESS);
        return records(response.body());
    }

    @Test
    void sendV2AutoCreatesTheTopicAndStoresWhatThePullReturns() throws InterruptedException {
        String first = properties("TagA", "k1");
        RemotingCommand one = fixture.invoke(sendV2("TopicA", 1, "hello", first));
        RemotingCommand two = fixture.invoke(sendV2("TopicA", 1, "world", properties("TagB", null)));

        assertThat(one.code()).as("%s", one).isEqualTo(ResponseCode.SUCCESS);
        assertThat(one.ext("queueId")).isEqualTo("1");
        assertThat(one.ext("queueOffset")).isEqualTo("0");
        assertThat(two.ext("queueOffset")).isEqualTo("1");
        assertThat(one.ext("MSG_REGION")).isEqualTo("DefaultRegion");
        assertThat(one.ext("TRACE_ON")).isEqualTo("true");
        assertThat(one.ext("transactionId")).isNull();
        OffsetMessageId id = OffsetMessageId.parse(one.ext("msgId"));
        assertThat(id.storeHost()).isEqualTo(new InetSocketAddress("127.0.0.1", fixture.broker.port()));
        assertThat(fixture.broker.topics().find("TopicA").writeQueueNums()).isEqualTo(4);

        fixture.awaitDispatched();
        List<MessageRecord> records = pullAll("TopicA", 1);

        assertThat(records).hasSize(2);
        MessageRecord record = records.get(0);
        assertThat(bodyText(record)).isEqualTo("hello");
        assertThat(record.topic()).isEqualTo("TopicA");
        assertThat(record.queueId()).isEqualTo(1);
        assertThat(record.queueOffset()).isZero();
        assertThat(record.physicalOffset()).isEqualTo(id.commitLogOffset());
        assertThat(record.storeHost()).isEqualTo(new InetSocketAddress("127.0.0.1", fixture.broker.port()));
        assertThat(record.bornHost().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(record.properties()).containsEntry("TAGS", "TagA").containsEntry("KEYS", "k1")
                .containsEntry("CLUSTER", "TestCluster")
                .containsEntry("UNIQ_KEY", io.msgframe.protocol.message.MessageProperties.find(first, "UNIQ_KEY"));
        assertThat(records.get(1).queueOffset()).isEqualTo(1);
        assertThat(bodyText(records.get(1))).isEqualTo("world");
    }

    @Test
    void sendV1KeysWorkTooAndAMissingUniqueKeyIsAdded() throws InterruptedException {
        RemotingCommand response = fixture.invoke(sendV1("TopicV1", 0, "v1", "TAGS\u0001T\u0002"));

        assertThat(response.code()).as("%s", response).isEqualTo(ResponseCode.SUCCESS);
        fixture.awaitDispatched();
        MessageRecord record = pullAll("TopicV1", 0).get(0);
        assertThat(record.property("UNIQ_KEY")).hasSize(32);
        assertThat(bodyText(record)).isEqualTo("v1");
    }

    @Test
    void batchStoresEachMessageWithConsecutiveOffsetsAndAnswersAllIds() throws InterruptedException {
        List<String> props = List.of(properties("A", null), properties("B", null), properties("C", null));
        fixture.invoke(sendV2("TopicB", 0, "before", properties(null, null)));

        RemotingCommand response = fixture.invoke(InProcessBroker.batch("TopicB", 0, List.of("m0", "m1", "m2"),
                props));

        assertThat(response.code()).as("%s", response).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.ext("queueOffset")).isEqualTo("1");
        List<Long> ids = commitLogOffsets(response);
        assertThat(ids).hasSize(3);
        fixture.awaitDispatched();
        List<MessageRecord> records = pullAll("TopicB", 0);
        assertThat(records).hasSize(4);
        for (int i = 0; i < 3; i++) {
            MessageRecord record = records.get(i + 1);
            assertThat(record.queueOffset()).isEqualTo(i + 1);
            assertThat(record.physicalOffset()).isEqualTo(ids.get(i));
            assertThat(bodyText(record)).isEqualTo("m" + i);
            assertThat(record.property("UNIQ_KEY"))
                    .isEqualTo(io.msgframe.protocol.message.MessageProperties.find(props.get(i), "UNIQ_KEY"));
        }
    }

    @Test
    void batchToARetryTopicIsIllegal() {
        RemotingCommand response = fixture.invoke(InProcessBroker.batch("%RETRY%cg", 0, List.of("x"),
                List.of(properties(null, null))));

        assertThat(response.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(response.remark()).contains("retry");
    }

    @Test
    void oversizedBodyIsIllegal() {
        String body = "x".repeat(InProcessBroker.MAX_MESSAGE_BYTES + 1);

        RemotingCommand response = fixture.invoke(sendV2("TopicBig", 0, body, properties(null, null)));

        assertThat(response.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(response.remark()).startsWith("the message is illegal");
        assertThat(response.ext("MSG_REGION")).isEqualTo("DefaultRegion");
    }

    @Test
    void unknownTopicWithoutTemplateIsTopicNotExist() {
        RemotingCommand request = sendV2("TopicNoTemplate", 0, "x", properties(null, null)).ext("c", "NoSuchTemplate");

        RemotingCommand response = fixture.invoke(request);

        assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(response.remark()).startsWith("topic[TopicNoTemplate] not exist, apply first please!");
    }

    @Test
    void refusesSystemTopicsInvalidNamesAndQueuesPastTheTopic() {
        RemotingCommand system = fixture.invoke(sendV2("SCHEDULE_TOPIC_XXXX", 0, "x", properties(null, null)));
        RemotingCommand badName = fixture.invoke(sendV2("bad topic!", 0, "x", properties(null, null)));
        fixture.invoke(sendV2("TopicQ", 0, "x", properties(null, null)));
        RemotingCommand badQueue = fixture.invoke(sendV2("TopicQ", 4, "x", properties(null, null)));

        assertThat(system.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(system.remark()).isEqualTo("Sending message to topic[SCHEDULE_TOPIC_XXXX] is forbidden.");
        assertThat(badName.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(badQueue.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(badQueue.remark()).startsWith("request queueId[4] is illegal");
    }

    @Test
    void negativeQueueIdPicksAWritableQueue() {
        for (int i = 0; i < 5; i++) {
            RemotingCommand response = fixture.invoke(sendV2("TopicAny", -1, "x", properties(null, null)));
            assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(Integer.parseInt(response.ext("queueId"))).isBetween(0, 3);
        }
    }

    @Test
    void brokerWithoutWritePermissionRefusesSends() {
        fixture.broker.setWritable(false);

        RemotingCommand response = fixture.invoke(sendV2("TopicA", 0, "x", properties(null, null)));

        assertThat(response.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(response.remark()).isEqualTo("the broker[127.0.0.1] sending message is forbidden");
    }

    @Test
    void retryMessageThatUsedUpItsAttemptsGoesToTheDeadLetterTopic() throws InterruptedException {
        RemotingCommand request = sendV2("%RETRY%cg", 0, "failed", properties("T", null) + "DELAY\u00013\u0002")
                .ext("j", "16");

        RemotingCommand response = fixture.invoke(request);

        assertThat(response.code()).as("%s", response).isEqualTo(ResponseCode.SUCCESS);
        assertThat(fixture.broker.topics().find("%DLQ%cg")).isNotNull();
        fixture.awaitDispatched();
        MessageRecord record = pullAll("%DLQ%cg", 0).get(0);
        assertThat(bodyText(record)).isEqualTo("failed");
        assertThat(record.reconsumeTimes()).isEqualTo(16);
        assertThat(record.property("DELAY")).isNull();
    }

    @Test
    void retryMessageWithAttemptsLeftStaysInTheRetryTopic() throws InterruptedException {
        RemotingCommand response = fixture.invoke(sendV2("%RETRY%cg", 0, "again", properties(null, null))
                .ext("j", "2"));

        assertThat(response.code()).as("%s", response).isEqualTo(ResponseCode.SUCCESS);
        fixture.awaitDispatched();
        assertThat(bodyText(pullAll("%RETRY%cg", 0).get(0))).isEqualTo("again");
        assertThat(fixture.broker.topics().find("%DLQ%cg")).isNull();
    }

    @Test
    void onewaySendIsStoredWithoutAnswer() throws InterruptedException {
        fixture.client.invokeOneway(fixture.addr, sendV2("TopicOneway", 0, "quiet", properties(null, null)));

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fixture.broker.store().maxOffset("TopicOneway", 0) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(fixture.broker.store().maxOffset("TopicOneway", 0)).isEqualTo(1);
    }
}
