package io.msgframe.it;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** DefaultMQProducer 4.9.8 against MsgFrame: sync, async, oneway, batch and ordered sends. */
class ProducerSendTest {
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

    static Message message(String topic, String tag, String key, String body) {
        return new Message(topic, tag, key, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @SuppressWarnings("deprecation") // viewMessage: deprecated in 4.9 for the admin API, still VIEW_MESSAGE_BY_ID
    void syncSendToAutoCreatedTopicGivesIdsAndDenseOffsetsPerQueue() throws Exception {
        String topic = "ItAutoCreated";
        Map<MessageQueue, List<Long>> offsetsByQueue = new LinkedHashMap<>();
        Set<String> msgIds = new HashSet<>();
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            SendResult result = producer.send(message(topic, i % 2 == 0 ? "TagA" : "TagB", "key-" + i, "body-" + i));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(result.getMsgId()).isNotBlank();
            assertThat(result.getOffsetMsgId()).isNotBlank();
            msgIds.add(result.getMsgId());
            results.add(result);
            offsetsByQueue.computeIfAbsent(result.getMessageQueue(), q -> new ArrayList<>())
                    .add(result.getQueueOffset());
        }

        assertThat(msgIds).as("UNIQ_KEY ids are distinct").hasSize(100);
        offsetsByQueue.forEach((queue, offsets) -> assertThat(offsets).as("offsets of %s in send order", queue)
                .containsExactlyElementsOf(LongStream.range(0, offsets.size()).boxed().toList()));
        // the offset id encodes the store host (the broker's brokerIP1:port) and the commit-log offset
        InetSocketAddress storeHost = (InetSocketAddress) MessageDecoder
                .decodeMessageId(results.get(0).getOffsetMsgId()).getAddress();
        assertThat(storeHost.getAddress().getHostAddress() + ":" + storeHost.getPort())
                .isEqualTo(cluster.brokerAddr(0));

        // the stored message, read back by its offset id (VIEW_MESSAGE_BY_ID), has what was sent
        MessageExt stored = producer.viewMessage(results.get(7).getOffsetMsgId());
        assertThat(stored.getTopic()).isEqualTo(topic);
        assertThat(stored.getTags()).isEqualTo("TagB");
        assertThat(stored.getKeys()).isEqualTo("key-7");
        assertThat(new String(stored.getBody(), StandardCharsets.UTF_8)).isEqualTo("body-7");
        assertThat(stored.getQueueOffset()).isEqualTo(results.get(7).getQueueOffset());

        // the broker created the topic from TBW102 with the producer's 4 default queues, and registered it
        TopicRouteData route = cluster.awaitRoute(topic, 1);
        assertThat(route.getQueueDatas()).singleElement().satisfies(q -> {
            assertThat(q.getWriteQueueNums()).isEqualTo(4);
            assertThat(q.getReadQueueNums()).isEqualTo(4);
        });
        assertThat(offsetsByQueue.keySet()).extracting(MessageQueue::getQueueId)
                .containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void asyncSendCallsBackForEveryMessage() throws Exception {
        String topic = "ItAsync";
        cluster.createTopic(topic, 4);
        int count = 50;
        CountDownLatch done = new CountDownLatch(count);
        ConcurrentLinkedQueue<SendResult> results = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < count; i++) {
            producer.send(message(topic, "TagA", "async-" + i, "async-" + i), new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    results.add(result);
                    done.countDown();
                }

                @Override
                public void onException(Throwable e) {
                    failures.add(e);
                    done.countDown();
                }
            });
        }

        assertThat(done.await(30, TimeUnit.SECONDS)).as("every callback ran").isTrue();
        assertThat(failures).isEmpty();
        assertThat(results).hasSize(count).allSatisfy(r -> {
            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(r.getMsgId()).isNotBlank();
        });
        assertThat(results.stream().map(SendResult::getMsgId).distinct()).hasSize(count);
        assertThat(totalMessages(topic)).isEqualTo(count);
    }

    @Test
    void onewaySendStoresEveryMessage() throws Exception {
        String topic = "ItOneway";
        cluster.createTopic(topic, 4);
        int count = 30;
        for (int i = 0; i < count; i++) {
            producer.sendOneway(message(topic, "TagA", "oneway-" + i, "oneway-" + i));
        }

        Await.until(MsgFrameCluster.AWAIT, () -> count + " oneway messages stored", () -> {
            try {
                return totalMessages(topic) == count;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    @SuppressWarnings("deprecation") // viewMessage, as above
    void batchSendStoresTheWholeListInOneQueue() throws Exception {
        String topic = "ItBatch";
        cluster.createTopic(topic, 4);
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(message(topic, "TagA", "batch-" + i, "batch-" + i));
        }

        SendResult result = producer.send(batch);

        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.getMsgId().split(",")).as("one UNIQ_KEY per message").hasSize(10).doesNotHaveDuplicates();
        assertThat(result.getOffsetMsgId().split(",")).as("one offset id per message").hasSize(10);
        assertThat(result.getQueueOffset()).isZero();
        assertThat(cluster.maxOffset(result.getMessageQueue())).isEqualTo(10);
        assertThat(totalMessages(topic)).isEqualTo(10);
        MessageExt last = producer.viewMessage(result.getOffsetMsgId().split(",")[9]);
        assertThat(last.getKeys()).isEqualTo("batch-9");
        assertThat(last.getQueueOffset()).isEqualTo(9);
    }

    @Test
    void orderedSendPutsEveryKeyOnItsOwnQueueInSendOrder() throws Exception {
        String topic = "ItOrdered";
        cluster.createTopic(topic, 8);
        MessageQueueSelector byOrderId = (queues, msg, arg) -> queues.get(Math.floorMod(arg.hashCode(),
                queues.size()));
        Map<String, List<SendResult>> byOrder = new LinkedHashMap<>();
        for (int step = 0; step < 10; step++) {
            for (int order = 0; order < 5; order++) {
                String orderId = "order-" + order;
                SendResult result = producer.send(message(topic, "TagA", orderId, orderId + ":" + step), byOrderId,
                        orderId);
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                byOrder.computeIfAbsent(orderId, k -> new ArrayList<>()).add(result);
            }
        }

        byOrder.forEach((orderId, results) -> {
            assertThat(results).extracting(SendResult::getMessageQueue).as("queues of %s", orderId)
                    .containsOnly(results.get(0).getMessageQueue());
            assertThat(results).extracting(SendResult::getQueueOffset).as("offsets of %s", orderId).isSorted()
                    .doesNotHaveDuplicates();
        });
    }

    @Test
    void topicCreatedByAdminIsRoutedWithItsQueueCount() throws Exception {
        String topic = "ItAdminCreated";
        cluster.createTopic(topic, 6);

        List<MessageQueue> publishQueues = producer.fetchPublishMessageQueues(topic);
        assertThat(publishQueues).hasSize(6);
        Map<Integer, Integer> perQueue = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            SendResult result = producer.send(message(topic, "TagA", "k" + i, "admin-" + i));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            perQueue.merge(result.getMessageQueue().getQueueId(), 1, Integer::sum);
        }
        assertThat(perQueue).as("round robin over the 6 queues").hasSize(6).allSatisfy((q, n) -> assertThat(n)
                .isEqualTo(2));
    }

    /** Messages stored in all queues of a topic (sum of max offsets). */
    private long totalMessages(String topic) throws Exception {
        long total = 0;
        for (MessageQueue queue : cluster.queues(topic)) {
            total += cluster.maxOffset(queue);
        }
        return total;
    }
}
