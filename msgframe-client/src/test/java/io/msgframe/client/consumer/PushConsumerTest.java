package io.msgframe.client.consumer;

import io.msgframe.client.TestCluster;
import io.msgframe.client.producer.Message;
import io.msgframe.client.producer.MessageQueueSelector;
import io.msgframe.client.producer.Producer;
import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.MessageModel;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.PropertyKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.msgframe.client.consumer.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The push consumer against an in-process cluster: concurrent, retry, DLQ, offsets, orderly, broadcasting. */
class PushConsumerTest {
    private static final int QUEUES = 4;
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Producer producer;

    @BeforeAll
    static void start() {
        cluster = new TestCluster(dir.resolve("cluster"), 2);
        producer = Producer.builder("push-test-producer").namesrvAddr(cluster.namesrvAddr())
                .sendTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        producer.close();
        cluster.close();
    }

    static PushConsumerBuilder consumer(String group) {
        return PushConsumer.builder(group).namesrvAddr(cluster.namesrvAddr())
                .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).longPollSuspend(Duration.ofSeconds(2))
                .retryDelayLevel(0).persistInterval(Duration.ofMillis(500)).rebalanceInterval(Duration.ofSeconds(2));
    }

    static List<String> send(String topic, String prefix, int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            producer.send(Message.builder(topic).tags(i % 2 == 0 ? "even" : "odd").keys("k" + i)
                    .property("seq", Integer.toString(i)).body(prefix + i).build());
            bodies.add(prefix + i);
        }
        return bodies;
    }

    @Test
    void concurrentListenerGetsEveryMessageWithItsContent() throws Exception {
        cluster.createTopic("PushAll", QUEUES);
        List<String> sent = send("PushAll", "m", 40);
        Map<String, ReceivedMessage> got = new ConcurrentHashMap<>();
        try (PushConsumer consumer = consumer("push-all").consumeBatchSize(4).concurrentListener(batch -> {
            batch.forEach(m -> got.put(m.bodyAsString(), m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).build()) {
            consumer.subscribe("PushAll", "*");
            consumer.start();
            assertThat(await(() -> got.size() == sent.size(), WAIT)).as("got %s", got.size()).isTrue();
        }
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(sent);
        ReceivedMessage m7 = got.get("m7");
        assertThat(m7.topic()).isEqualTo("PushAll");
        assertThat(m7.tags()).isEqualTo("odd");
        assertThat(m7.keys()).containsExactly("k7");
        assertThat(m7.property("seq")).isEqualTo("7");
        assertThat(m7.reconsumeTimes()).isZero();
    }

    @Test
    void tagExpressionFiltersMessages() throws Exception {
        cluster.createTopic("PushTags", QUEUES);
        send("PushTags", "t", 20);
        Set<String> got = ConcurrentHashMap.newKeySet();
        try (PushConsumer consumer = consumer("push-tags").concurrentListener(batch -> {
            batch.forEach(m -> got.add(m.tags() + ":" + m.bodyAsString()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).build()) {
            consumer.subscribe("PushTags", "even");
            consumer.start();
            assertThat(await(() -> got.size() == 10, WAIT)).isTrue();
            Thread.sleep(500);
        }
        assertThat(got).hasSize(10).allMatch(s -> s.startsWith("even:"));
    }

    @Test
    void aFailedMessageComesBackOnceWithReconsumeTimesAndItsOriginalTopic() throws Exception {
        cluster.createTopic("PushRetry", QUEUES);
        send("PushRetry", "r", 6);
        List<ReceivedMessage> deliveries = new CopyOnWriteArrayList<>();
        try (PushConsumer consumer = consumer("push-retry").concurrentListener(batch -> {
            ReceivedMessage m = batch.get(0);
            deliveries.add(m);
            return m.bodyAsString().equals("r3") && m.reconsumeTimes() == 0
                    ? ConsumeConcurrentlyStatus.RECONSUME_LATER : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).build()) {
            consumer.subscribe("PushRetry", "*");
            consumer.start();
            assertThat(await(() -> deliveries.size() >= 7, WAIT)).as("%s", deliveries).isTrue();
            Thread.sleep(500);
        }
        List<ReceivedMessage> r3 = deliveries.stream().filter(m -> m.bodyAsString().equals("r3")).toList();
        assertThat(r3).hasSize(2);
        ReceivedMessage again = r3.get(1);
        assertThat(again.reconsumeTimes()).isEqualTo(1);
        assertThat(again.topic()).isEqualTo("PushRetry");
        assertThat(again.property(PropertyKeys.RETRY_TOPIC)).isEqualTo("PushRetry");
        assertThat(again.msgId()).isEqualTo(r3.get(0).msgId());
        assertThat(again.property("seq")).isEqualTo("3");
        assertThat(deliveries).hasSize(7);
    }

    @Test
    void aMessageFailingMaxReconsumeTimesLandsInTheDeadLetterTopic() throws Exception {
        cluster.createTopic("PushDlq", QUEUES);
        send("PushDlq", "d", 4);
        AtomicInteger attempts = new AtomicInteger();
        String dlq = TopicNames.dlqTopic("push-dlq");
        try (PushConsumer consumer = consumer("push-dlq").maxReconsumeTimes(2).concurrentListener(batch -> {
            if (batch.get(0).bodyAsString().equals("d1")) {
                attempts.incrementAndGet();
                throw new IllegalStateException("always fails");
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).build()) {
            consumer.subscribe("PushDlq", "*");
            consumer.start();
            assertThat(await(() -> deadLetters(dlq).size() == 1, WAIT)).isTrue();
            Thread.sleep(500);
        }
        TestCluster.Stored dead = deadLetters(dlq).get(0);
        assertThat(new String(dead.body())).isEqualTo("d1");
        assertThat(dead.properties()).containsEntry(PropertyKeys.RETRY_TOPIC, "PushDlq").containsEntry("seq", "1");
        assertThat(attempts.get()).isEqualTo(2);
    }

    private static List<TestCluster.Stored> deadLetters(String dlq) {
        List<TestCluster.Stored> out = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            if (cluster.broker(b).topics().find(dlq) != null) {
                try {
                    out.addAll(cluster.stored(b, dlq, 0));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return out;
    }

    @Test
    void aRestartedConsumerResumesFromTheCommittedOffsets() throws Exception {
        cluster.createTopic("PushResume", QUEUES);
        send("PushResume", "a", 30);
        Set<String> first = ConcurrentHashMap.newKeySet();
        try (PushConsumer consumer = consumer("push-resume").concurrentListener(batch -> {
            batch.forEach(m -> first.add(m.bodyAsString()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).build()) {
            consumer.subscribe("PushResume", "*");
            consumer.start();
            assertThat(await(() -> first.size() == 30, WAIT)).isTrue();
        }
        List<String> later = send("PushResume", "b", 10);
        List<String> second = new CopyOnWriteArrayList<>();
        try (PushConsumer consumer = consumer("push-resume").concurrentListener(batch -> {
            batch.forEach(m -> second.add(m.bodyAsString()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).build()) {
            consumer.subscribe("PushResume", "*");
            consumer.start();
            assertThat(await(() -> second.size() >= 10, WAIT)).isTrue();
            Thread.sleep(1_000);
        }
        assertThat(second).containsExactlyInAnyOrderElementsOf(later);
    }

    @Test
    void orderlyListenerKeepsPerKeyOrderAndRetriesAFailedMessageInPlace() throws Exception {
        cluster.createTopic("PushOrder", QUEUES);
        int keys = 6;
        int perKey = 15;
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                producer.send(Message.builder("PushOrder").body("key" + k + ":" + i).build(),
                        MessageQueueSelector.byHash(), "key" + k);
            }
        }
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        try (PushConsumer consumer = consumer("push-order").suspendCurrentQueueTime(Duration.ofMillis(200))
                .orderlyListener(m -> {
                    String[] parts = m.bodyAsString().split(":");
                    if (m.bodyAsString().equals("key2:5") && failures.getAndIncrement() < 2) {
                        return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
                    }
                    seen.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(parts[1]));
                    return ConsumeOrderlyStatus.SUCCESS;
                }).build()) {
            consumer.subscribe("PushOrder", "*");
            consumer.start();
            assertThat(await(() -> seen.values().stream().mapToInt(List::size).sum() == keys * perKey,
                    WAIT)).as("%s", seen).isTrue();
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            expected.add(i);
        }
        seen.forEach((key, order) -> assertThat(order).as(key).isEqualTo(expected));
        assertThat(failures.get()).isEqualTo(3);
    }

    @Test
    void broadcastingConsumersEachGetEveryMessage() throws Exception {
        cluster.createTopic("PushBroadcast", QUEUES);
        List<String> sent = send("PushBroadcast", "b", 20);
        List<Set<String>> got = new ArrayList<>();
        List<PushConsumer> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Set<String> mine = ConcurrentHashMap.newKeySet();
                got.add(mine);
                PushConsumer consumer = consumer("push-broadcast").messageModel(MessageModel.BROADCASTING)
                        .instanceName("pbc-" + i).offsetStoreDir(dir.resolve("offsets")).concurrentListener(batch -> {
                            batch.forEach(m -> mine.add(m.bodyAsString()));
                            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                        }).build();
                consumers.add(consumer);
                consumer.subscribe("PushBroadcast", "*");
                consumer.start();
            }
            assertThat(await(() -> got.stream().allMatch(s -> s.size() == sent.size()), WAIT)).isTrue();
        } finally {
            consumers.forEach(PushConsumer::close);
        }
        got.forEach(s -> assertThat(s).containsExactlyInAnyOrderElementsOf(new HashSet<>(sent)));
    }
}
