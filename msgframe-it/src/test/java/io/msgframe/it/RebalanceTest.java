package io.msgframe.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.msgframe.it.MsgFrameCluster.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two push consumers of one clustering group on a topic of 8 queues spread over two brokers: the 4.9.8 client's
 * rebalance (GET_CONSUMER_LIST_BY_GROUP) splits the queues, both consume, nothing is lost, and the survivor takes
 * every queue back when the other leaves.
 *
 * <p>Runs in its own surefire execution with the client's default rebalance period of 20 s (see the pom): the
 * split and the take-back happen within {@link #NOTIFIED} only because the brokers send NOTIFY_CONSUMER_IDS_CHANGED
 * when the group's membership changes.
 */
class RebalanceTest {
    /** Well under the 20 s periodic rebalance: only a notification makes a consumer rebalance this soon. */
    static final Duration NOTIFIED = Duration.ofSeconds(8);

    @TempDir
    Path dir;
    MsgFrameCluster cluster;
    DefaultMQProducer producer;

    @BeforeEach
    void start() throws Exception {
        cluster = MsgFrameCluster.start(dir, 2);
        producer = cluster.producer("it_producer");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private DefaultMQPushConsumer startConsumer(String group, String topic, Received received) throws Exception {
        DefaultMQPushConsumer consumer = cluster.pushConsumer(group);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(Clients.recordingInto(received));
        consumer.start();
        return consumer;
    }

    @Test
    void twoConsumersOfOneGroupSplitEightQueuesAndConsumeEveryMessage() throws Exception {
        String topic = "ItRebalance";
        String group = "it_rebalance_group";
        cluster.createTopic(topic, 4);
        assertThat(cluster.queues(topic)).hasSize(8);

        Received first = new Received();
        Received second = new Received();
        DefaultMQPushConsumer one = startConsumer(group, topic, first);
        Await.until(NOTIFIED, "the first consumer owning all 8 queues", () -> Clients.owned(one, topic).size()
                == 8);
        DefaultMQPushConsumer two = startConsumer(group, topic, second);
        Await.until(NOTIFIED, () -> "a 4 + 4 split, now " + Clients.owned(one, topic) + " / " + Clients.owned(two, topic),
                () -> {
                    Set<MessageQueue> a = Clients.owned(one, topic);
                    Set<MessageQueue> b = Clients.owned(two, topic);
                    Set<MessageQueue> union = new HashSet<>(a);
                    union.addAll(b);
                    return a.size() == 4 && b.size() == 4 && union.size() == 8;
                });
        // every broker of the topic knows both members of the group
        for (int i = 0; i < 2; i++) {
            assertThat(cluster.consumerIds(i, group)).containsExactlyInAnyOrder(one.buildMQClientId(),
                    two.buildMQClientId());
        }

        List<SendResult> sent = Clients.sendSync(producer, topic, 200, "TagA");
        Await.until(AWAIT, "every message consumed by one of the two", () -> {
            Set<String> all = new HashSet<>(first.ids());
            all.addAll(second.ids());
            return all.containsAll(Clients.ids(sent));
        });
        assertThat(first.count()).as("first consumer's share").isPositive();
        assertThat(second.count()).as("second consumer's share").isPositive();
        Set<MessageQueue> queuesOfSecond = new HashSet<>();
        second.all().forEach(m -> queuesOfSecond.add(queueOf(m)));
        assertThat(queuesOfSecond).as("the second consumer read only its queues").isEqualTo(Clients.owned(two, topic));

        // the second leaves (UNREGISTER_CLIENT); the brokers notify the first, which takes all queues back
        two.shutdown();
        Await.until(NOTIFIED, "the first consumer owning all 8 queues again", () -> Clients.owned(one, topic)
                .size() == 8);
        List<SendResult> more = Clients.sendSync(producer, topic, 40, "TagB");
        first.awaitIds(Clients.ids(more), AWAIT);
    }

    /** The queue a message came from; the broker is found by the store host written into the record. */
    private MessageQueue queueOf(MessageExt message) {
        InetSocketAddress host = (InetSocketAddress) message.getStoreHost();
        String addr = host.getAddress().getHostAddress() + ":" + host.getPort();
        String brokerName = cluster.brokerAddr(0).equals(addr) ? "broker-0" : "broker-1";
        return new MessageQueue(message.getTopic(), brokerName, message.getQueueId());
    }
}
