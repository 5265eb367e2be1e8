package io.msgframe.broker.transaction;

import io.msgframe.broker.send.InProcessBroker;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.msgframe.broker.send.InProcessBroker.bodyText;
import static io.msgframe.broker.send.InProcessBroker.commitLogOffsets;
import static io.msgframe.broker.send.InProcessBroker.properties;
import static io.msgframe.broker.send.InProcessBroker.pull;
import static io.msgframe.broker.send.InProcessBroker.records;
import static io.msgframe.broker.send.InProcessBroker.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

class EndTransactionInProcessTest {
    private static final String GROUP = "tx-group";

    @TempDir
    Path dir;
    private InProcessBroker fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private RemotingCommand sendHalf(String topic, String body) {
        String props = properties("TagTx", null) + "TRAN_MSG\u0001true\u0002PGROUP\u0001" + GROUP + "\u0002";
        return fixture.invoke(sendV2(topic, 1, body, props).ext("a", GROUP)
                .ext("f", SysFlag.TRANSACTION_PREPARED_TYPE));
    }

    private static RemotingCommand end(RemotingCommand half, String group, int type) {
        return RemotingCommand.request(RequestCode.END_TRANSACTION).ext("producerGroup", group)
                .ext("tranStateTableOffset", half.ext("queueOffset"))
                .ext("commitLogOffset", commitLogOffsets(half).get(0)).ext("commitOrRollback", type)
                .ext("fromTransactionCheck", false).ext("msgId", half.ext("transactionId"));
    }

    private List<MessageRecord> pullAll(String topic, int queueId) throws InterruptedException {
        fixture.awaitDispatched();
        RemotingCommand response = fixture.invoke(pull("cg", topic, queueId, 0, "*", 0));
        return response.code() == ResponseCode.SUCCESS ? records(response.body()) : new ArrayList<>();
    }

    @Test
    void halfMessageIsInvisibleUntilCommittedThenDeliveredOnceInItsRealQueue() throws InterruptedException {
        fixture = InProcessBroker.start(dir);
        RemotingCommand half = sendHalf("TopicTx", "paid");
        assertThat(half.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(half.ext("transactionId")).isNotBlank();
        assertThat(pullAll("TopicTx", 1)).isEmpty();
        List<MessageRecord> parked = pullAll("RMQ_SYS_TRANS_HALF_TOPIC", 0);
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).property("REAL_TOPIC")).isEqualTo("TopicTx");
        assertThat(parked.get(0).queueOffset()).isEqualTo(Long.parseLong(half.ext("queueOffset")));

        RemotingCommand commit = fixture.invoke(end(half, GROUP, SysFlag.TRANSACTION_COMMIT_TYPE));
        RemotingCommand again = fixture.invoke(end(half, GROUP, SysFlag.TRANSACTION_COMMIT_TYPE));

        assertThat(commit.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(again.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(again.remark()).contains("already resolved");
        List<MessageRecord> delivered = pullAll("TopicTx", 1);
        assertThat(delivered).hasSize(1);
        MessageRecord real = delivered.get(0);
        assertThat(bodyText(real)).isEqualTo("paid");
        assertThat(SysFlag.transactionType(real.sysFlag())).isEqualTo(SysFlag.TRANSACTION_COMMIT_TYPE);
        assertThat(real.preparedTransactionOffset()).isEqualTo(commitLogOffsets(half).get(0));
        assertThat(real.property("TRAN_MSG")).isNull();
        assertThat(real.property("REAL_TOPIC")).isNull();
        assertThat(real.property("TAGS")).isEqualTo("TagTx");
        List<MessageRecord> ops = pullAll("RMQ_SYS_TRANS_OP_HALF_TOPIC", 0);
        assertThat(ops).hasSize(1);
        assertThat(bodyText(ops.get(0))).isEqualTo(half.ext("queueOffset"));
        assertThat(ops.get(0).property("TAGS")).isEqualTo("d");
        assertThat(fixture.broker.transactionOutcomes().commits()).isEqualTo(1);
    }

    @Test
    void rollbackWritesOnlyAnOpRecordAndALaterCommitIsIgnored() throws InterruptedException {
        fixture = InProcessBroker.start(dir);
        RemotingCommand half = sendHalf("TopicTx", "cancelled");

        assertThat(fixture.invoke(end(half, GROUP, SysFlag.TRANSACTION_ROLLBACK_TYPE)).code())
                .isEqualTo(ResponseCode.SUCCESS);
        fixture.invoke(end(half, GROUP, SysFlag.TRANSACTION_COMMIT_TYPE));

        assertThat(pullAll("TopicTx", 1)).isEmpty();
        assertThat(pullAll("RMQ_SYS_TRANS_OP_HALF_TOPIC", 0)).hasSize(1);
        assertThat(fixture.broker.transactionOutcomes().rollbacks()).isEqualTo(1);
    }

    @Test
    void racingCommitsOfOneHalfMessageStoreOneRealMessage() throws InterruptedException {
        fixture = InProcessBroker.start(dir);
        RemotingCommand half = sendHalf("TopicTx", "once");
        List<CompletableFuture<RemotingCommand>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(fixture.invokeAsync(end(half, GROUP, SysFlag.TRANSACTION_COMMIT_TYPE),
                    InProcessBroker.TIMEOUT_MS));
        }
        answers.forEach(CompletableFuture::join);

        assertThat(pullAll("TopicTx", 1)).hasSize(1);
        assertThat(pullAll("RMQ_SYS_TRANS_OP_HALF_TOPIC", 0)).hasSize(1);
    }

    @Test
    void refusesAWrongProducerGroupOrOffsetWithANamedReason() throws InterruptedException {
        fixture = InProcessBroker.start(dir);
        RemotingCommand half = sendHalf("TopicTx", "x");

        RemotingCommand wrongGroup = fixture.invoke(end(half, "other", SysFlag.TRANSACTION_COMMIT_TYPE));
        RemotingCommand wrongQueueOffset = fixture.invoke(end(half, GROUP, SysFlag.TRANSACTION_COMMIT_TYPE)
                .ext("tranStateTableOffset", 99));
        RemotingCommand wrongCommitLogOffset = fixture.invoke(end(half, GROUP, SysFlag.TRANSACTION_COMMIT_TYPE)
                .ext("commitLogOffset", commitLogOffsets(half).get(0) + 1));
        RemotingCommand badType = fixture.invoke(end(half, GROUP, 5));

        assertThat(wrongGroup.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(wrongGroup.remark()).contains("The producer group wrong");
        assertThat(wrongQueueOffset.remark()).contains("The transaction state table offset wrong");
        assertThat(wrongCommitLogOffset.remark()).contains("The commit log offset wrong");
        assertThat(badType.remark()).contains("commitOrRollback 5");
        assertThat(pullAll("TopicTx", 1)).isEmpty();
        // the refusals claimed nothing: the right request still commits
        assertThat(fixture.invoke(end(half, GROUP, SysFlag.TRANSACTION_COMMIT_TYPE)).code())
                .isEqualTo(ResponseCode.SUCCESS);
        assertThat(pullAll("TopicTx", 1)).hasSize(1);
    }

    @Test
    void brokerRejectingTransactionMessagesAnswersNoPermission() throws InterruptedException {
        fixture = InProcessBroker.start(dir, "rejectTransactionMessage", "true");

        RemotingCommand half = sendHalf("TopicTx", "no");

        assertThat(half.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(pullAll("RMQ_SYS_TRANS_HALF_TOPIC", 0)).isEmpty();
    }

    @Test
    void halfMessageCommittedBeforeARestartIsNotCommittedAgainAfterIt() throws InterruptedException {
        fixture = InProcessBroker.start(dir);
        RemotingCommand half = sendHalf("TopicTx", "survives");
        RemotingCommand pending = sendHalf("TopicTx", "pending");
        assertThat(fixture.invoke(end(half, GROUP, SysFlag.TRANSACTION_COMMIT_TYPE)).code())
                .isEqualTo(ResponseCode.SUCCESS);
        fixture.awaitDispatched();
        fixture.close();

        fixture = InProcessBroker.start(dir);
        RemotingCommand again = fixture.invoke(end(half, GROUP, SysFlag.TRANSACTION_COMMIT_TYPE));
        RemotingCommand later = fixture.invoke(end(pending, GROUP, SysFlag.TRANSACTION_COMMIT_TYPE));

        assertThat(again.remark()).contains("already resolved");
        assertThat(later.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(pullAll("TopicTx", 1)).extracting(InProcessBroker::bodyText)
                .containsExactly("survives", "pending");
    }
}
