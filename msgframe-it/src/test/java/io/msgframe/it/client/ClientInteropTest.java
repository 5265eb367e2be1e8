package io.msgframe.it.client;

import io.msgframe.client.consumer.ConsumeConcurrentlyStatus;
import io.msgframe.client.consumer.PullConsumer;
import io.msgframe.client.consumer.PushConsumer;
import io.msgframe.client.consumer.ReceivedMessage;
import io.msgframe.client.producer.Message;
import io.msgframe.client.producer.MessageQueueSelector;
import io.msgframe.client.producer.Producer;
import io.msgframe.client.producer.SendResult;
import io.msgframe.client.producer.SendStatus;
import io.msgframe.protocol.body.ConsumeFromWhere;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MsgFrame's own client against the official Apache RocketMQ 4.9.8 client through a MsgFrame broker: what one sends
 * the other consumes with body (compressed on the wire above 4 KiB, decompressed on receipt), tag, keys and user
 * properties intact; batch and ordered sends of MsgFrame's producer keep their order for the official orderly
 * consumer.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClientInteropTest {
    static final Duration AWAIT = Duration.ofSeconds(30);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    ClientTestCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new ClientTestCluster(dir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** A text body of {@code bytes} bytes (not one repeated byte, so its compressed form is not trivial). */
    static byte[] body(String prefix, int bytes) {
        StringBuilder text = new StringBuilder(prefix);
        for (int i = 0; text.length() < bytes; i++) {
            text.append(" line ").append(i).append(": ").append(Integer.toHexString(i * 7919)).append('\n');
        }
        return text.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void msgFrameProducerToOfficialPushConsumer() throws Exception {
        String topic = "InteropToOfficial";
        cluster.createTopic(topic, 4);
        byte[] large = body("msgframe-large", 10_000);
        byte[] small = body("msgframe-small", 100);

        Producer producer = cluster.closing(Producer.builder("interop-mf-producer")
                .namesrvAddr(cluster.namesrvAddr()).sendTimeout(Duration.ofSeconds(10)).build());
        SendResult largeSent = producer.send(Message.builder(topic).tags("TagLarge").keys("order-1", "customer-9")
                .property("region", "eu").property("trace", "abc-123").body(large).build());
        SendResult smallSent = producer.send(Message.builder(topic).tags("TagSmall").keys("order-2")
                .property("region", "us").body(small).build());
        assertThat(largeSent.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(smallSent.status()).isEqualTo(SendStatus.SEND_OK);

        Map<String, MessageExt> received = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = cluster.officialPushConsumer("interop-official-consumer");
        consumer.subscribe(topic, "*");
        consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(m -> received.put(m.getMsgId(), m));
            return org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        ClientTestCluster.await(AWAIT, "both messages at the official consumer", () -> received.size() >= 2,
                () -> received.keySet().toString());

        MessageExt got = received.get(largeSent.msgId());
        assertThat(got).as("message %s", largeSent.msgId()).isNotNull();
        assertThat(got.getBody()).as("decompressed body").isEqualTo(large);
        assertThat(got.getSysFlag() & MessageSysFlag.COMPRESSED_FLAG).as("stored compressed").isNotZero();
        assertThat(got.getTags()).isEqualTo("TagLarge");
        assertThat(got.getKeys()).isEqualTo("order-1 customer-9");
        assertThat(got.getUserProperty("region")).isEqualTo("eu");
        assertThat(got.getUserProperty("trace")).isEqualTo("abc-123");
        assertThat(got.getTopic()).isEqualTo(topic);
        assertThat(got.getQueueOffset()).isEqualTo(largeSent.queueOffset());
        assertThat(got.getQueueId()).isEqualTo(largeSent.queue().queueId());

        MessageExt gotSmall = received.get(smallSent.msgId());
        assertThat(gotSmall).isNotNull();
        assertThat(gotSmall.getBody()).isEqualTo(small);
        assertThat(gotSmall.getSysFlag() & MessageSysFlag.COMPRESSED_FLAG).as("small body not compressed").isZero();
        assertThat(gotSmall.getTags()).isEqualTo("TagSmall");
        assertThat(gotSmall.getKeys()).isEqualTo("order-2");
        assertThat(gotSmall.getUserProperty("region")).isEqualTo("us");
    }

    @Test
    void officialProducerToMsgFramePushAndPullConsumers() throws Exception {
        String topic = "InteropFromOfficial";
        cluster.createTopic(topic, 4);
        byte[] large = body("official-large", 12_345);

        DefaultMQProducer producer = cluster.officialProducer("interop-official-producer");
        org.apache.rocketmq.common.message.Message message = new org.apache.rocketmq.common.message.Message(topic,
                "TagOfficial", "order-7 customer-3", large);
        message.putUserProperty("region", "apac");
        message.putUserProperty("trace", "xyz-789");
        org.apache.rocketmq.client.producer.SendResult sent = producer.send(message);
        assertThat(sent.getSendStatus()).isEqualTo(org.apache.rocketmq.client.producer.SendStatus.SEND_OK);
        assertThat(producer.getCompressMsgBodyOverHowmuch()).as("the official producer compresses this body")
                .isLessThan(large.length);

        List<ReceivedMessage> pushed = new CopyOnWriteArrayList<>();
        PushConsumer push = cluster.closing(PushConsumer.builder("interop-mf-push")
                .namesrvAddr(cluster.namesrvAddr())
                .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                .rebalanceInterval(Duration.ofSeconds(1))
                .consumeThreads(1, 2)
                .offsetStoreDir(dir.resolve("offsets"))
                .concurrentListener(messages -> {
                    pushed.addAll(messages);
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                })
                .build());
        push.subscribe(topic, "TagOfficial");
        push.start();
        ClientTestCluster.await(AWAIT, "the message at MsgFrame's push consumer", () -> !pushed.isEmpty());
        assertIntact(pushed.get(0), sent, topic, large);

        PullConsumer pull = cluster.closing(PullConsumer.builder("interop-mf-pull")
                .namesrvAddr(cluster.namesrvAddr())
                .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                .rebalanceInterval(Duration.ofSeconds(1))
                .offsetStoreDir(dir.resolve("offsets"))
                .build());
        pull.subscribe(topic, "*");
        List<ReceivedMessage> pulled = new ArrayList<>();
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (pulled.isEmpty() && System.nanoTime() - deadline < 0) {
            pulled.addAll(pull.poll(Duration.ofMillis(500)));
        }
        assertThat(pulled).as("the message at MsgFrame's pull consumer").hasSize(1);
        assertIntact(pulled.get(0), sent, topic, large);
    }

    static void assertIntact(ReceivedMessage got, org.apache.rocketmq.client.producer.SendResult sent, String topic,
                             byte[] body) {
        assertThat(got.msgId()).isEqualTo(sent.getMsgId());
        assertThat(got.offsetMsgId()).isEqualTo(sent.getOffsetMsgId());
        assertThat(got.topic()).isEqualTo(topic);
        assertThat(got.queue().queueId()).isEqualTo(sent.getMessageQueue().getQueueId());
        assertThat(got.queueOffset()).isEqualTo(sent.getQueueOffset());
        assertThat(got.body()).as("decompressed body").isEqualTo(body);
        assertThat(got.sysFlag() & MessageSysFlag.COMPRESSED_FLAG).as("stored compressed").isNotZero();
        assertThat(got.tags()).isEqualTo("TagOfficial");
        assertThat(got.keys()).containsExactly("order-7", "customer-3");
        assertThat(got.property("region")).isEqualTo("apac");
        assertThat(got.property("trace")).isEqualTo("xyz-789");
    }

    @Test
    void batchAndOrderedSendsKeepOrderForOfficialOrderlyConsumer() throws Exception {
        String topic = "InteropOrdered";
        int keys = 4;
        int steps = 15;
        int batchSize = 10;
        cluster.createTopic(topic, 4);

        Producer producer = cluster.closing(Producer.builder("interop-mf-ordered-producer")
                .namesrvAddr(cluster.namesrvAddr()).sendTimeout(Duration.ofSeconds(10)).build());
        List<Message> batch = new ArrayList<>();
        for (int seq = 0; seq < batchSize; seq++) {
            batch.add(Message.builder(topic).tags("batch").keys("batch").property("seq", Integer.toString(seq))
                    .body(body("batch-" + seq, seq == 0 ? 5_000 : 64)).build());
        }
        SendResult batchSent = producer.send(batch);
        assertThat(batchSent.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(batchSent.msgId().split(",")).hasSize(batchSize);
        for (int step = 0; step < steps; step++) {
            for (int k = 0; k < keys; k++) {
                String key = "order-" + k;
                SendResult sent = producer.send(Message.builder(topic).tags("ordered").keys(key)
                        .property("seq", Integer.toString(step)).body(key + " step " + step).build(),
                        MessageQueueSelector.byHash(), key);
                assertThat(sent.status()).isEqualTo(SendStatus.SEND_OK);
            }
        }

        Map<String, List<Integer>> byKey = new ConcurrentHashMap<>();
        Map<String, byte[]> batchBodies = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = cluster.officialPushConsumer("interop-official-orderly");
        consumer.subscribe(topic, "*");
        consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
            for (MessageExt m : messages) {
                byKey.computeIfAbsent(m.getKeys(), k -> new CopyOnWriteArrayList<>())
                        .add(Integer.parseInt(m.getUserProperty("seq")));
                if ("batch".equals(m.getTags())) {
                    batchBodies.put(m.getUserProperty("seq"), m.getBody());
                }
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();
        int expected = batchSize + keys * steps;
        ClientTestCluster.await(AWAIT, expected + " messages at the official orderly consumer",
                () -> byKey.values().stream().mapToInt(List::size).sum() >= expected, byKey::toString);

        List<Integer> batchOrder = new ArrayList<>();
        for (int seq = 0; seq < batchSize; seq++) {
            batchOrder.add(seq);
            assertThat(batchBodies.get(Integer.toString(seq))).as("batch body %d", seq)
                    .isEqualTo(body("batch-" + seq, seq == 0 ? 5_000 : 64));
        }
        assertThat(byKey.get("batch")).as("batch order").isEqualTo(batchOrder);
        List<Integer> stepOrder = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            stepOrder.add(step);
        }
        for (int k = 0; k < keys; k++) {
            assertThat(byKey.get("order-" + k)).as("order of key order-%d", k).isEqualTo(stepOrder);
        }
    }
}
