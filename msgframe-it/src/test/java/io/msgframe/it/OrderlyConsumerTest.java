package io.msgframe.it;

import io.msgframe.broker.client.RebalanceLockTable;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.msgframe.it.MsgFrameCluster.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An orderly push consumer (MessageListenerOrderly): the 4.9.8 client locks each queue on the broker
 * (LOCK_BATCH_MQ) before pulling it and consumes one queue on one thread at a time, so messages sent to one
 * queue with a MessageQueueSelector are consumed in send order.
 */
class OrderlyConsumerTest {
    static final int ORDERS = 10;
    static final int STEPS = 20;

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

    @Test
    void messagesOfOneOrderAreConsumedInSendOrder() throws Exception {
        String topic = "ItOrderly";
        String group = "it_orderly_group";
        cluster.createTopic(topic, 4);

        Map<String, List<Integer>> stepsByOrder = new ConcurrentHashMap<>();
        Map<Integer, List<Long>> offsetsByQueue = new ConcurrentHashMap<>();
        AtomicInteger concurrentlyInOneQueue = new AtomicInteger();
        Map<Integer, AtomicInteger> busy = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = cluster.pushConsumer(group);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
            int queueId = context.getMessageQueue().getQueueId();
            if (busy.computeIfAbsent(queueId, q -> new AtomicInteger()).incrementAndGet() > 1) {
                concurrentlyInOneQueue.incrementAndGet();
            }
            for (MessageExt m : messages) {
                String[] orderAndStep = new String(m.getBody(), StandardCharsets.UTF_8).split(":");
                stepsByOrder.computeIfAbsent(orderAndStep[0], k -> new ArrayList<>())
                        .add(Integer.parseInt(orderAndStep[1]));
                offsetsByQueue.computeIfAbsent(queueId, k -> new ArrayList<>()).add(m.getQueueOffset());
            }
            Await.sleep(1); // give a second thread the chance to break the order, were the queue not serialized
            busy.get(queueId).decrementAndGet();
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();

        MessageQueueSelector byOrderId = (queues, msg, arg) -> queues.get(Math.floorMod(arg.hashCode(),
                queues.size()));
        List<SendResult> sent = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            for (int order = 0; order < ORDERS; order++) {
                String orderId = "order-" + order;
                sent.add(producer.send(new Message(topic, "TagA", orderId,
                        (orderId + ":" + step).getBytes(StandardCharsets.UTF_8)), byOrderId, orderId));
            }
        }

        Await.until(AWAIT, () -> "all steps of all orders, have " + stepsByOrder, () -> stepsByOrder.size() == ORDERS
                && stepsByOrder.values().stream().allMatch(steps -> steps.size() >= STEPS));
        List<Integer> inOrder = IntStream.range(0, STEPS).boxed().toList();
        stepsByOrder.forEach((orderId, steps) -> assertThat(steps).as("steps of %s", orderId)
                .containsExactlyElementsOf(inOrder));
        offsetsByQueue.forEach((queueId, offsets) -> assertThat(offsets).as("offsets of queue %d", queueId)
                .isSorted().doesNotHaveDuplicates());
        assertThat(concurrentlyInOneQueue).as("listener calls overlapping on one queue").hasValue(0);

        // the broker's lock table names this consumer as the holder of every queue it consumed
        RebalanceLockTable locks = cluster.broker(0).locks();
        for (MessageQueue queue : Clients.owned(consumer, topic)) {
            assertThat(locks.holder(group, new io.msgframe.protocol.body.MessageQueue(topic, queue.getBrokerName(),
                    queue.getQueueId()))).isEqualTo(consumer.buildMQClientId());
        }
        assertThat(Clients.owned(consumer, topic)).hasSize(4);
        assertThat(sent).extracting(r -> r.getMessageQueue().getQueueId()).containsOnly(0, 1, 2, 3);
    }
}
