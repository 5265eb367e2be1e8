package io.msgframe.it;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.msgframe.it.MsgFrameCluster.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DefaultLitePullConsumer 4.9.8 (pulls with PULL_MESSAGE, code 11, in its lite form): subscribe and poll, assign
 * and seek, and an explicit commitSync whose offsets reach the broker.
 */
class LitePullConsumerTest {
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

    /** Polls until every id in {@code expected} was returned, at most 300 polls of up to 100 ms. */
    private static List<MessageExt> pollUntil(DefaultLitePullConsumer consumer, Collection<String> expected) {
        List<MessageExt> polled = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            polled.addAll(consumer.poll(100));
            Set<String> ids = polled.stream().map(MessageExt::getMsgId).collect(Collectors.toSet());
            if (ids.containsAll(expected)) {
                return polled;
            }
        }
        throw new AssertionError("poll did not return all " + expected.size() + " messages; got " + polled.size());
    }

    @Test
    void subscribeAndPollGetsTheBacklog() throws Exception {
        String topic = "ItLitePull";
        cluster.createTopic(topic, 4);
        List<SendResult> sent = Clients.sendSync(producer, topic, 40, "TagA", "TagB");

        DefaultLitePullConsumer consumer = cluster.litePullConsumer("it_lite_subscribe_group");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "TagA");
        consumer.start();

        List<String> tagA = new ArrayList<>();
        for (int i = 0; i < sent.size(); i += 2) {
            tagA.add(sent.get(i).getMsgId());
        }
        List<MessageExt> polled = pollUntil(consumer, tagA);
        assertThat(polled).extracting(MessageExt::getTags).containsOnly("TagA");
        assertThat(polled.stream().map(MessageExt::getMsgId).distinct()).hasSize(20);
    }

    @Test
    void assignSeekAndCommitSync() throws Exception {
        String topic = "ItLiteAssign";
        String group = "it_lite_assign_group";
        cluster.createTopic(topic, 4);
        List<SendResult> sent = Clients.sendSync(producer, topic, 40, "TagA");

        DefaultLitePullConsumer consumer = cluster.litePullConsumer(group);
        consumer.setAutoCommit(false);
        consumer.start();
        List<MessageQueue> queues = new ArrayList<>(consumer.fetchMessageQueues(topic));
        assertThat(queues).hasSize(4);
        MessageQueue queue = queues.stream().filter(q -> q.getQueueId() == 2).findFirst().orElseThrow();
        consumer.assign(List.of(queue));
        // SEND_OK comes before the dispatcher has indexed the message (as in RocketMQ), and seek checks the
        // queue's max offset on the broker: retry until the queue shows the sends
        Await.until(MsgFrameCluster.AWAIT, "seek to offset 6 of a queue with 10 messages", () -> {
            try {
                consumer.seek(queue, 6);
                return true;
            } catch (MQClientException notDispatchedYet) {
                return false;
            }
        });

        List<SendResult> ofQueue = sent.stream().filter(r -> r.getMessageQueue().getQueueId() == 2).toList();
        assertThat(ofQueue).hasSize(10);
        List<String> expected = ofQueue.stream().filter(r -> r.getQueueOffset() >= 6).map(SendResult::getMsgId)
                .toList();
        List<MessageExt> polled = pollUntil(consumer, expected);
        assertThat(polled).extracting(MessageExt::getQueueOffset).as("from the seek position on")
                .allSatisfy(offset -> assertThat(offset).isBetween(6L, 9L));
        assertThat(polled).extracting(MessageExt::getQueueId).containsOnly(2);

        // seekToBegin re-reads the queue from its min offset (GET_MIN_OFFSET)
        consumer.seekToBegin(queue);
        List<MessageExt> again = pollUntil(consumer, ofQueue.stream().map(SendResult::getMsgId).toList());
        Map<Long, Long> perOffset = again.stream().collect(Collectors.groupingBy(MessageExt::getQueueOffset,
                Collectors.counting()));
        assertThat(perOffset.keySet()).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

        // commitSync stores the consumed offset in the client; the client's offset timer (first run 10 s after
        // start) or its shutdown sends it to the broker with UPDATE_CONSUMER_OFFSET
        consumer.commitSync();
        assertThat(consumer.committed(queue)).isEqualTo(10);
        consumer.shutdown();
        Await.until(AWAIT, () -> "committed offset 10 of " + queue, () -> {
            try {
                return cluster.committedOffset(group, queue) == 10;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
