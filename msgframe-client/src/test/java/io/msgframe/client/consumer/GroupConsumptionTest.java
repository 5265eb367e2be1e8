package io.msgframe.client.consumer;

import io.msgframe.client.TestCluster;
import io.msgframe.client.producer.Message;
import io.msgframe.client.producer.Producer;
import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.MessageModel;
import io.msgframe.protocol.body.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.msgframe.client.consumer.Polling.await;
import static io.msgframe.client.consumer.Polling.pollFor;
import static io.msgframe.client.consumer.Polling.pollUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Several consumers of one group: broadcasting, rebalance on membership change, rebalance under traffic. */
class GroupConsumptionTest {
    private static final int QUEUES = 4;
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Producer producer;

    @BeforeAll
    static void start() {
        cluster = new TestCluster(dir.resolve("cluster"), 2);
        producer = Producer.builder("group-test-producer").namesrvAddr(cluster.namesrvAddr())
                .sendTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        producer.close();
        cluster.close();
    }

    private static PullConsumerBuilder consumer(String group) {
        return PullConsumer.builder(group).namesrvAddr(cluster.namesrvAddr())
                .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).longPollSuspend(Duration.ofSeconds(2));
    }

    private static PullConsumer broadcaster(int index) {
        PullConsumer consumer = consumer("broadcast").messageModel(MessageModel.BROADCASTING)
                .instanceName("bc-" + index).offsetStoreDir(dir.resolve("offsets")).build();
        consumer.subscribe("Broadcast", "*");
        return consumer;
    }

    private static void send(String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(Message.builder(topic).body(prefix + i).build());
        }
    }

    @Test
    void broadcastingConsumersEachGetEveryMessageAndARestartedOneResumesFromItsFile() throws Exception {
        cluster.createTopic("Broadcast", QUEUES);
        send("Broadcast", "a", 20);
        List<PullConsumer> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                consumers.add(broadcaster(i));
            }
            for (PullConsumer consumer : consumers) {
                List<ReceivedMessage> got = pollUntil(consumer, 20, WAIT);
                got.addAll(pollFor(consumer, Duration.ofMillis(200)));
                assertThat(got).as(consumer.clientId()).hasSize(20);
            }
            consumers.remove(0).close(); // persists its offsets to its file
            try (var files = Files.walk(dir.resolve("offsets"))) {
                assertThat(files.map(Path::toString))
                        .anyMatch(p -> p.contains("@bc-0") && p.endsWith("broadcast/offsets.json"));
            }
            send("Broadcast", "b", 10);
            PullConsumer restarted = broadcaster(0);
            consumers.add(restarted);
            List<ReceivedMessage> resumed = pollUntil(restarted, 10, WAIT);
            resumed.addAll(pollFor(restarted, Duration.ofMillis(300)));
            assertThat(resumed).extracting(ReceivedMessage::bodyAsString).allMatch(b -> b.startsWith("b"))
                    .hasSize(10);
        } finally {
            consumers.forEach(PullConsumer::close);
        }
    }

    @Test
    void twoMembersSplitTheQueuesAndTheSurvivorTakesAllOnNotification() throws Exception {
        cluster.createTopic("Split", QUEUES);
        Duration periodic = Duration.ofSeconds(120); // far longer than the test: only notifications can act
        PullConsumer a = consumer("split").rebalanceInterval(periodic).build();
        try (PullConsumer b = consumer("split").rebalanceInterval(periodic).build()) {
            a.subscribe("Split", "*");
            b.subscribe("Split", "*");
            assertThat(await(() -> a.assignment().size() == QUEUES && b.assignment().size() == QUEUES, WAIT))
                    .as("a %s, b %s", a.assignment(), b.assignment()).isTrue();
            Set<MessageQueue> union = new HashSet<>(a.assignment());
            union.addAll(b.assignment());
            assertThat(union).hasSize(2 * QUEUES);
            long closedAt = System.nanoTime();
            a.close();
            assertThat(await(() -> b.assignment().size() == 2 * QUEUES, Duration.ofSeconds(10))).isTrue();
            System.out.printf("survivor took every queue %d ms after the other closed%n",
                    (System.nanoTime() - closedAt) / 1_000_000);
        } finally {
            a.close();
        }
    }

    /** A consumer polling on its own thread, recording every msgId it receives. */
    private static final class Member implements AutoCloseable {
        final PullConsumer consumer;
        final Thread thread;
        final AtomicBoolean running = new AtomicBoolean(true);

        Member(String name, Map<String, AtomicInteger> received) {
            consumer = consumer("traffic").rebalanceInterval(Duration.ofSeconds(3)).build();
            consumer.subscribe("Traffic", "*");
            thread = new Thread(() -> {
                try {
                    while (running.get()) {
                        for (ReceivedMessage m : consumer.poll(Duration.ofMillis(100))) {
                            received.computeIfAbsent(m.msgId(), k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                } finally {
                    consumer.close();
                }
            }, name);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(15_000);
        }
    }

    @Test
    void membersJoinAndLeaveUnderTrafficAndEveryMessageIsConsumedAtLeastOnce() throws Exception {
        cluster.createTopic("Traffic", QUEUES);
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread sender = new Thread(() -> {
            int i = 0;
            while (sending.get() && i < 20_000) {
                sent.add(producer.send(Message.builder("Traffic").body("t" + i++).build()).msgId());
                if (i % 20 == 0) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "traffic-sender");
        List<Member> members = new ArrayList<>();
        try {
            members.add(new Member("member-0", received));
            sender.start();
            Thread.sleep(700);
            members.add(new Member("member-1", received));
            Thread.sleep(700);
            members.add(new Member("member-2", received));
            Thread.sleep(700);
            members.remove(0).close();
            Thread.sleep(700);
            members.add(new Member("member-3", received));
            Thread.sleep(700);
            members.remove(1).close();
            Thread.sleep(700);
        } finally {
            sending.set(false);
            sender.join(15_000);
        }
        try {
            boolean all = await(() -> received.keySet().containsAll(sent), Duration.ofSeconds(30));
            Set<String> missing = new HashSet<>(sent);
            missing.removeAll(received.keySet());
            long duplicates = received.values().stream().mapToLong(c -> c.get() - 1).sum();
            System.out.printf("rebalance under traffic: %d sent, %d distinct received, %d duplicates, %d missing%n",
                    sent.size(), received.size(), duplicates, missing.size());
            assertThat(all).as("missing %s", missing).isTrue();
        } finally {
            for (Member member : members) {
                member.close();
            }
        }
    }
}
