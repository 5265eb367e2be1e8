package io.msgframe.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.msgframe.it.MsgFrameCluster.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broadcasting push consumers: every member of the group owns every queue and keeps its offsets in a local file
 * (under target/, see the surefire configuration), so each of two consumers gets every message.
 */
class BroadcastingConsumerTest {
    @TempDir
    Path dir;
    MsgFrameCluster cluster;
    DefaultMQProducer producer;

    @BeforeEach
    void start() throws Exception {
        cluster = MsgFrameCluster.start(dir, 1);
        producer = cluster.producer("it_producer");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private DefaultMQPushConsumer startBroadcasting(String group, String topic, Received received) throws Exception {
        DefaultMQPushConsumer consumer = cluster.pushConsumer(group);
        consumer.setMessageModel(MessageModel.BROADCASTING);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(Clients.recordingInto(received));
        consumer.start();
        return consumer;
    }

    @Test
    void eachOfTwoBroadcastingConsumersGetsEveryMessage() throws Exception {
        String topic = "ItBroadcast";
        String group = "it_broadcast_group";
        cluster.createTopic(topic, 4);
        Received first = new Received();
        Received second = new Received();
        DefaultMQPushConsumer one = startBroadcasting(group, topic, first);
        DefaultMQPushConsumer two = startBroadcasting(group, topic, second);
        Await.until(AWAIT, "both consumers owning all 4 queues", () -> Clients.owned(one, topic).size() == 4
                && Clients.owned(two, topic).size() == 4);

        List<SendResult> sent = Clients.sendSync(producer, topic, 50, "TagA", "TagB");

        first.awaitIds(Clients.ids(sent), AWAIT);
        second.awaitIds(Clients.ids(sent), AWAIT);
        assertThat(first.ids()).containsExactlyInAnyOrderElementsOf(Clients.ids(sent));
        assertThat(second.ids()).containsExactlyInAnyOrderElementsOf(Clients.ids(sent));
        assertThat(one.buildMQClientId()).isNotEqualTo(two.buildMQClientId());
    }
}
