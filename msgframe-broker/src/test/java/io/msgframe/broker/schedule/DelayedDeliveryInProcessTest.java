package io.msgframe.broker.schedule;

import io.msgframe.broker.send.InProcessBroker;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.msgframe.broker.send.InProcessBroker.bodyText;
import static io.msgframe.broker.send.InProcessBroker.properties;
import static io.msgframe.broker.send.InProcessBroker.pull;
import static io.msgframe.broker.send.InProcessBroker.records;
import static io.msgframe.broker.send.InProcessBroker.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

/** Delay levels end to end over the wire: parked in SCHEDULE_TOPIC_XXXX, delivered when due, never before. */
class DelayedDeliveryInProcessTest {
    private static final String LEVELS = "400ms 800ms";
    private static final long WAIT_LIMIT_MS = 10_000;

    @TempDir
    Path dir;
    private InProcessBroker fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private InProcessBroker start() {
        return InProcessBroker.start(dir, "messageDelayLevel", LEVELS, "flushDelayOffsetIntervalMs", "100");
    }

    private List<MessageRecord> pullAll(String topic, int queueId) {
        RemotingCommand response = fixture.invoke(pull("cg", topic, queueId, 0, "*", 0));
        if (response.code() != ResponseCode.SUCCESS) {
            return List.of();
        }
        return records(response.body());
    }

    /** Polls the queue until {@code count} records are there; returns them and when they were first all seen. */
    private List<MessageRecord> awaitRecords(String topic, int queueId, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_LIMIT_MS;
        List<MessageRecord> found = pullAll(topic, queueId);
        while (found.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            found = pullAll(topic, queueId);
        }
        return found;
    }

    @Test
    void delayedMessageIsParkedThenDeliveredToItsQueueNoEarlierThanItsLevel() throws InterruptedException {
        fixture = start();
        long sentAt = System.currentTimeMillis();
        RemotingCommand response = fixture.invoke(sendV2("Later", 1, "two", properties("tagA", "k2")
                + "DELAY\u00012\u0002"));
        assertThat(response.code()).as("%s", response).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.ext("queueId")).isEqualTo("1");
        fixture.awaitDispatched();
        assertThat(pullAll("Later", 1)).as("not visible before it is due").isEmpty();
        assertThat(pullAll(TopicNames.SCHEDULE_TOPIC, 1)).hasSize(1);

        List<MessageRecord> delivered = awaitRecords("Later", 1, 1);
        long seenAt = System.currentTimeMillis();

        assertThat(delivered).hasSize(1);
        MessageRecord record = delivered.get(0);
        assertThat(bodyText(record)).isEqualTo("two");
        assertThat(record.property(PropertyKeys.TAGS)).isEqualTo("tagA");
        assertThat(record.property(PropertyKeys.KEYS)).isEqualTo("k2");
        assertThat(record.property(PropertyKeys.DELAY_TIME_LEVEL)).isNull();
        assertThat(record.storeTimestamp() - sentAt).as("stored no earlier than the level's 800 ms")
                .isGreaterThanOrEqualTo(800);
        assertThat(seenAt - sentAt).as("delivered within a second of being due").isLessThan(1_800);
    }

    @Test
    void levelAboveTheLastIsClampedToTheLast() throws InterruptedException {
        fixture = start();
        fixture.invoke(sendV2("Clamped", 0, "x", properties(null, null) + "DELAY\u000118\u0002"));
        fixture.awaitDispatched();

        assertThat(pullAll(TopicNames.SCHEDULE_TOPIC, 1)).hasSize(1);
        assertThat(awaitRecords("Clamped", 0, 1)).hasSize(1);
    }

    @Test
    void pendingDelayedMessagesSurviveARestartAndAreDeliveredOnce() throws InterruptedException {
        fixture = start();
        for (int i = 0; i < 5; i++) {
            fixture.invoke(sendV2("Restarted", 0, "m" + i, properties(null, "k" + i) + "DELAY\u00012\u0002"));
        }
        fixture.awaitDispatched();
        fixture.close();
        fixture = start();

        List<MessageRecord> delivered = awaitRecords("Restarted", 0, 5);
        Thread.sleep(1_000); // long enough for a second delivery of any of them to show
        delivered = pullAll("Restarted", 0);

        assertThat(delivered).extracting(InProcessBroker::bodyText).containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void timedMessageIsRefusedUntilTheTimingWheelExists() {
        fixture = start();
        RemotingCommand response = fixture.invoke(sendV2("Timed", 0, "x", properties(null, null)
                + "TIMER_DELAY_MS\u00011000\u0002"));

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).contains("TIMER_DELIVER_MS");
    }
}
