package io.msgframe.client.consumer;

import io.msgframe.client.TestCluster;
import io.msgframe.client.producer.Message;
import io.msgframe.client.producer.MessageQueueSelector;
import io.msgframe.client.producer.Producer;
import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.msgframe.client.consumer.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Push consumers of one group join and leave while a producer sends: every message is consumed at least once
 * (duplicates counted and printed); orderly, each queue is consumed in offset order by one member at a time.
 */
class PushRebalanceTest {
    private static final int QUEUES = 4;
    private static final int MESSAGES = 600;
    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Producer producer;

    @BeforeAll
    static void start() {
        cluster = new TestCluster(dir.resolve("cluster"), 2);
        producer = Producer.builder("push-churn-producer").namesrvAddr(cluster.namesrvAddr())
                .sendTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        producer.close();
        cluster.close();
    }

    /** One message processed: by whom, where, when (nanoTime at start and end). */
    record Processed(String member, MessageQueue queue, long offset, long startNs, long endNs) {
    }

    @Test
    void orderlyMembersJoinAndLeaveUnderTrafficAndEachQueueHasOneOwnerAtATimeInOrder() throws Exception {
        Map<MessageQueue, List<Processed>> byQueue = churn("PushChurnOrderly", "churn-orderly", true);
        for (Map.Entry<MessageQueue, List<Processed>> entry : byQueue.entrySet()) {
            List<Processed> records = new ArrayList<>(entry.getValue());
            records.sort(Comparator.comparingLong(Processed::startNs));
            Processed previous = null;
            long tenureEnd = Long.MIN_VALUE;
            for (Processed p : records) {
                if (previous != null && previous.member().equals(p.member())) {
                    assertThat(p.offset()).as("%s: offsets within %s's tenure", entry.getKey(), p.member())
                            .isGreaterThan(previous.offset());
                    assertThat(p.startNs()).as("%s: one message at a time", entry.getKey())
                            .isGreaterThanOrEqualTo(previous.endNs());
                } else if (previous != null) {
                    assertThat(p.startNs()).as("%s: %s started before %s's tenure ended", entry.getKey(),
                            p.member(), previous.member()).isGreaterThanOrEqualTo(tenureEnd);
                }
                tenureEnd = Math.max(tenureEnd, p.endNs());
                previous = p;
            }
        }
        long handedOver = byQueue.values().stream()
                .filter(records -> records.stream().map(Processed::member).distinct().count() > 1).count();
        assertThat(handedOver).as("queues consumed by more than one member in turn: the churn moved queues")
                .isPositive();
    }

    @Test
    void concurrentMembersJoinAndLeaveUnderTrafficAndEveryMessageIsConsumedAtLeastOnce() throws Exception {
        churn("PushChurnConcurrent", "churn-concurrent", false);
    }

    private Map<MessageQueue, List<Processed>> churn(String topic, String group, boolean orderly) throws Exception {
        cluster.createTopic(topic, QUEUES);
        Map<MessageQueue, List<Processed>> byQueue = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        List<String> sent = new CopyOnWriteArrayList<>();
        Thread sender = new Thread(() -> {
            for (int i = 0; i < MESSAGES; i++) {
                String body = "m" + i;
                producer.send(Message.builder(topic).body(body).build(), MessageQueueSelector.byHash(), "key" + (i % 16));
                sent.add(body);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
            sending.set(false);
        }, "churn-sender");
        sender.start();
        List<PushConsumer> members = new ArrayList<>();
        try {
            for (String name : List.of("A", "B", "C")) {
                members.add(member(topic, group, name, orderly, byQueue, deliveries));
                Thread.sleep(1_500);
            }
            members.remove(0).close();
            Thread.sleep(1_500);
            members.remove(0).close();
            sender.join(30_000);
            assertThat(sending.get()).isFalse();
            assertThat(await(() -> deliveries.keySet().containsAll(sent), Duration.ofSeconds(30)))
                    .as("missing %s", sent.stream().filter(b -> !deliveries.containsKey(b)).toList()).isTrue();
        } finally {
            members.forEach(PushConsumer::close);
            sender.interrupt();
        }
        long duplicates = deliveries.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 1)
                .map(n -> n - 1).sum();
        System.out.printf("%s: %d messages sent, %d consumed, %d duplicate deliveries under rebalance%n", group,
                sent.size(), deliveries.size(), duplicates);
        assertThat(deliveries.keySet()).containsAll(sent);
        return byQueue;
    }

    private static PushConsumer member(String topic, String group, String name, boolean orderly,
                                       Map<MessageQueue, List<Processed>> byQueue,
                                       Map<String, AtomicInteger> deliveries) {
        PushConsumerBuilder builder = PushConsumer.builder(group).namesrvAddr(cluster.namesrvAddr())
                .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).longPollSuspend(Duration.ofSeconds(2))
                .persistInterval(Duration.ofMillis(500)).rebalanceInterval(Duration.ofSeconds(2));
        if (orderly) {
            builder.orderlyListener(m -> {
                long start = System.nanoTime();
                deliveries.computeIfAbsent(m.bodyAsString(), b -> new AtomicInteger()).incrementAndGet();
                pause();
                byQueue.computeIfAbsent(m.queue(), q -> new CopyOnWriteArrayList<>())
                        .add(new Processed(name, m.queue(), m.queueOffset(), start, System.nanoTime()));
                return ConsumeOrderlyStatus.SUCCESS;
            });
        } else {
            builder.concurrentListener(batch -> {
                batch.forEach(m -> deliveries.computeIfAbsent(m.bodyAsString(), b -> new AtomicInteger())
                        .incrementAndGet());
                pause();
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        }
        PushConsumer consumer = builder.build();
        consumer.subscribe(topic, "*");
        consumer.start();
        return consumer;
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
