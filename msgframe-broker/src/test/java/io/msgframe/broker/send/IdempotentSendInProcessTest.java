package io.msgframe.broker.send;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.msgframe.broker.send.InProcessBroker.properties;
import static io.msgframe.broker.send.InProcessBroker.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

/** Raw SEND_MESSAGE_V2 requests with producer sequences against an in-process broker. */
class IdempotentSendInProcessTest {
    @TempDir
    Path dir;

    private static RemotingCommand sequenced(int seq, String body) {
        String props = properties(null, null) + "__MF_PID\u0001777\u0002__MF_EPOCH\u00010\u0002__MF_SEQ\u0001" + seq
                + "\u0002";
        return sendV2("TopicIdem", 0, body, props);
    }

    @Test
    void duplicateGetsTheOriginalAnswerAndAGapIsRefusedNamingBothSequences() throws InterruptedException {
        try (InProcessBroker fixture = InProcessBroker.start(dir)) {
            RemotingCommand first = fixture.invoke(sequenced(0, "a"));
            RemotingCommand retried = fixture.invoke(sequenced(0, "a"));
            RemotingCommand gap = fixture.invoke(sequenced(2, "c"));
            RemotingCommand next = fixture.invoke(sequenced(1, "b"));

            assertThat(first.code()).as("%s", first).isEqualTo(ResponseCode.SUCCESS);
            assertThat(retried.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(retried.ext("msgId")).isEqualTo(first.ext("msgId"));
            assertThat(retried.ext("queueOffset")).isEqualTo("0");
            assertThat(gap.code()).isEqualTo(ResponseCode.OUT_OF_ORDER_SEQUENCE);
            assertThat(gap.remark()).contains("expected sequence 1, received 2");
            assertThat(next.ext("queueOffset")).isEqualTo("1");
            fixture.awaitDispatched();
            assertThat(fixture.broker.store().maxOffset("TopicIdem", 0)).isEqualTo(2);
        }
    }

    @Test
    void sequenceStateSurvivesACleanRestart() throws InterruptedException {
        String firstId;
        try (InProcessBroker fixture = InProcessBroker.start(dir)) {
            firstId = fixture.invoke(sequenced(0, "a")).ext("msgId");
            fixture.invoke(sequenced(1, "b"));
        }
        try (InProcessBroker fixture = InProcessBroker.start(dir)) {
            RemotingCommand retried = fixture.invoke(sequenced(0, "a"));
            RemotingCommand gap = fixture.invoke(sequenced(3, "d"));
            assertThat(retried.code()).isEqualTo(ResponseCode.SUCCESS);
            // the offset id's commit-log offset part (the port differs: listenPort 0 binds a new one)
            assertThat(retried.ext("msgId").substring(16)).isEqualTo(firstId.substring(16));
            assertThat(retried.ext("queueOffset")).isEqualTo("0");
            assertThat(gap.remark()).contains("expected sequence 2, received 3");
            fixture.awaitDispatched();
            assertThat(fixture.broker.store().maxOffset("TopicIdem", 0)).isEqualTo(2);
        }
    }

    @Test
    void sequenceStateIsRebuiltFromTheCommitLogWithoutASnapshot() throws Exception {
        try (InProcessBroker fixture = InProcessBroker.start(dir)) {
            fixture.invoke(sequenced(0, "a"));
            fixture.invoke(sequenced(1, "b"));
        }
        java.nio.file.Files.delete(dir.resolve("config/producerState.json"));
        try (InProcessBroker fixture = InProcessBroker.start(dir)) {
            RemotingCommand retried = fixture.invoke(sequenced(1, "b"));
            assertThat(retried.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(retried.ext("queueOffset")).isEqualTo("1");
            assertThat(fixture.invoke(sequenced(2, "c")).ext("queueOffset")).isEqualTo("2");
        }
    }
}
