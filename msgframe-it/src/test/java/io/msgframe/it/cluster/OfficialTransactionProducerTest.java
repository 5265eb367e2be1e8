package io.msgframe.it.cluster;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The official 4.9.8 TransactionMQProducer against a MsgFrame broker (reference §7.4): commit and rollback. */
class OfficialTransactionProducerTest {
    private static final String BROKER = "broker-tx";
    private static final String TOPIC = "TxTopic";

    @TempDir
    Path dir;
    LocalCluster cluster;
    OfficialClients clients;
    TransactionMQProducer producer;
    final List<MessageExt> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir);
        cluster.startBroker(BROKER);
        RemotingClient wire = new RemotingClient(RemotingClientConfig.defaults().withIoThreads(1));
        wire.start();
        try {
            RemotingCommand created = wire.invokeSync(cluster.brokerAddr(BROKER), WireRequests.createTopic(TOPIC, 2),
                    5_000);
            assertThat(created.code()).isEqualTo(ResponseCode.SUCCESS);
        } finally {
            wire.shutdown();
        }
        clients = new OfficialClients(cluster.namesrvAddr());
        clients.pushConsumer("tx-consumer", TOPIC, received::add);
        producer = new TransactionMQProducer("tx-producer");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("tx-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return (LocalTransactionState) arg;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                return LocalTransactionState.UNKNOW;
            }
        });
        producer.start();
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (clients != null) {
            clients.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private TransactionSendResult send(String body, LocalTransactionState outcome) throws Exception {
        return producer.sendMessageInTransaction(new Message(TOPIC, "TagTx", body.getBytes(StandardCharsets.UTF_8)),
                outcome);
    }

    @Test
    void committedMessageReachesTheConsumerAndRolledBackOneNever() throws Exception {
        TransactionSendResult rolledBack = send("rolled-back", LocalTransactionState.ROLLBACK_MESSAGE);
        TransactionSendResult committed = send("committed", LocalTransactionState.COMMIT_MESSAGE);

        assertThat(committed.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(committed.getLocalTransactionState()).isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
        assertThat(rolledBack.getLocalTransactionState()).isEqualTo(LocalTransactionState.ROLLBACK_MESSAGE);
        Await.until(Duration.ofSeconds(20), "the committed message is consumed", () -> !received.isEmpty());
        Await.sleep(500); // a rolled-back message, if it were delivered, would have arrived by now as well
        assertThat(received).extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                .containsExactly("committed");
        MessageExt delivered = received.get(0);
        assertThat(delivered.getMsgId()).isEqualTo(committed.getMsgId());
        assertThat(delivered.getTags()).isEqualTo("TagTx");
    }

    /** A bounded run: N transactions sent and committed one after another; prints the rate for the drafts doc. */
    @Test
    void boundedRunOfCommittedTransactionsIsDeliveredCompletely() throws Exception {
        int count = Integer.getInteger("tx.count", 1_000);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            assertThat(send("m" + i, LocalTransactionState.COMMIT_MESSAGE).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Await.until(Duration.ofSeconds(60), "every committed message is consumed", () -> received.size() >= count);
        System.out.printf("TX-THROUGHPUT: %d transactions (half send + local commit + END_TRANSACTION) in %.2f s"
                + " = %.0f tx/s, one producer thread%n", count, seconds, count / seconds);
        assertThat(received.stream().map(m -> new String(m.getBody(), StandardCharsets.UTF_8)).distinct().count())
                .isEqualTo(count);
    }
}
