package io.msgframe.broker.offset;

import io.msgframe.broker.send.InProcessBroker;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.msgframe.broker.send.InProcessBroker.properties;
import static io.msgframe.broker.send.InProcessBroker.pull;
import static io.msgframe.broker.send.InProcessBroker.records;
import static io.msgframe.broker.send.InProcessBroker.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

/** Offset requests against a real broker over loopback. */
class ConsumerOffsetInProcessTest {
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

    private static RemotingCommand queryOffset(String group, String topic, int queueId) {
        return RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .ext("consumerGroup", group).ext("topic", topic).ext("queueId", queueId);
    }

    private static RemotingCommand updateOffset(String group, String topic, int queueId, long offset) {
        return RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                .ext("consumerGroup", group).ext("topic", topic).ext("queueId", queueId).ext("commitOffset", offset);
    }

    private static RemotingCommand queueRequest(int code, String topic, int queueId) {
        return RemotingCommand.request(code).ext("topic", topic).ext("queueId", queueId);
    }

    private long offsetOf(RemotingCommand request) {
        RemotingCommand response = fixture.invoke(request);
        assertThat(response.code()).as("%s", response).isEqualTo(ResponseCode.SUCCESS);
        return Long.parseLong(response.ext("offset"));
    }

    /** Sends {@code count} messages to T/0, a few ms apart so their store times differ; returns their records. */
    private List<MessageRecord> sendSpaced(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            fixture.invoke(sendV2("T", 0, "m" + i, properties(null, null)));
            Thread.sleep(5);
        }
        fixture.awaitDispatched();
        return records(fixture.invoke(pull("cg", "T", 0, 0, "*", 0)).body());
    }

    @Test
    void queryAnswersNotFoundUntilTheGroupCommits() {
        fixture.invoke(sendV2("T", 0, "x", properties(null, null)));

        RemotingCommand before = fixture.invoke(queryOffset("cg", "T", 0));
        RemotingCommand update = fixture.invoke(updateOffset("cg", "T", 0, 1));
        RemotingCommand after = fixture.invoke(queryOffset("cg", "T", 0));

        assertThat(before.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        assertThat(before.remark()).isEqualTo(ConsumerOffsetProcessor.NOT_FOUND_REMARK);
        assertThat(update.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(after.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(after.ext("offset")).isEqualTo("1");
        assertThat(fixture.invoke(queryOffset("other", "T", 0)).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
    }

    @Test
    void onewayCommitIsApplied() throws InterruptedException {
        fixture.invoke(sendV2("T", 0, "x", properties(null, null)));

        fixture.client.invokeOneway(fixture.addr, updateOffset("cg", "T", 0, 7));

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fixture.broker.offsets().query("cg", "T", 0) != 7 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(offsetOf(queryOffset("cg", "T", 0))).isEqualTo(7);
    }

    @Test
    void commitToAnUnknownTopicIsRefused() {
        RemotingCommand response = fixture.invoke(updateOffset("cg", "NoSuchTopic", 0, 1));

        assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void maxAndMinOffsets() throws InterruptedException {
        sendSpaced(3);

        assertThat(offsetOf(queueRequest(RequestCode.GET_MAX_OFFSET, "T", 0).ext("committed", "true"))).isEqualTo(3);
        assertThat(offsetOf(queueRequest(RequestCode.GET_MIN_OFFSET, "T", 0))).isZero();
        assertThat(offsetOf(queueRequest(RequestCode.GET_MAX_OFFSET, "T", 3))).isZero();
        assertThat(offsetOf(queueRequest(RequestCode.GET_MAX_OFFSET, "NoSuchTopic", 0))).isZero();
    }

    @Test
    void searchByTimestampFindsTheFirstMessageStoredAtOrAfterIt() throws InterruptedException {
        List<MessageRecord> records = sendSpaced(3);
        long second = records.get(1).storeTimestamp();
        assertThat(second).isGreaterThan(records.get(0).storeTimestamp());

        assertThat(offsetOf(queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "T", 0).ext("timestamp", second)))
                .isEqualTo(1);
        assertThat(offsetOf(queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "T", 0).ext("timestamp", 0)))
                .isZero();
        assertThat(offsetOf(queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "T", 0)
                .ext("timestamp", Long.MAX_VALUE / 2))).as("every message older: the max offset").isEqualTo(3);
    }

    @Test
    void searchWithUpperBoundaryFindsTheLastMessageStoredAtOrBeforeIt() throws InterruptedException {
        List<MessageRecord> records = sendSpaced(3);
        long second = records.get(1).storeTimestamp();

        assertThat(offsetOf(queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "T", 0).ext("timestamp", second)
                .ext("boundaryType", "upper"))).isEqualTo(1);
        assertThat(offsetOf(queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "T", 0).ext("timestamp", 0)
                .ext("boundaryType", "UPPER"))).as("every message newer: the min offset").isZero();
        assertThat(offsetOf(queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "T", 0)
                .ext("timestamp", Long.MAX_VALUE).ext("boundaryType", "UPPER"))).isEqualTo(2);
    }

    @Test
    void earliestStoreTimeIsTheFirstMessagesOrMinusOne() throws InterruptedException {
        List<MessageRecord> records = sendSpaced(2);

        RemotingCommand response = fixture.invoke(queueRequest(RequestCode.GET_EARLIEST_MSG_STORETIME, "T", 0));
        RemotingCommand empty = fixture.invoke(queueRequest(RequestCode.GET_EARLIEST_MSG_STORETIME, "T", 2));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.ext("timestamp")).isEqualTo(Long.toString(records.get(0).storeTimestamp()));
        assertThat(empty.ext("timestamp")).isEqualTo("-1");
    }
}
