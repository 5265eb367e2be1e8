package io.msgframe.client.consumer;

import io.msgframe.client.TestCluster;
import io.msgframe.client.producer.Message;
import io.msgframe.client.producer.Producer;
import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.message.SysFlag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.msgframe.client.consumer.Polling.await;
import static io.msgframe.client.consumer.Polling.pollFor;
import static io.msgframe.client.consumer.Polling.pollUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The pull consumer against an in-process name server and two brokers (4 queues each). */
class PullConsumerTest {
    private static final int QUEUES = 4;
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Producer producer;

    @BeforeAll
    static void start() {
        cluster = new TestCluster(dir, 2);
        producer = Producer.builder("pull-test-producer").namesrvAddr(cluster.namesrvAddr())
                .sendTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        producer.close();
        cluster.close();
    }

    private static PullConsumerBuilder consumer(String group, ConsumeFromWhere where) {
        return PullConsumer.builder(group).namesrvAddr(cluster.namesrvAddr()).consumeFromWhere(where)
                .longPollSuspend(Duration.ofSeconds(2));
    }

    private static void send(String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(Message.builder(topic).body(prefix + i).tags("t").build());
        }
    }

    private static List<String> bodies(List<ReceivedMessage> messages) {
        return messages.stream().map(ReceivedMessage::bodyAsString).sorted().toList();
    }

    private static List<String> names(String prefix, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> prefix + i).sorted().toList();
    }

    @Test
    void subscribeAndPollGetsEveryMessageIntactIncludingCompressedBodies() throws Exception {
        String topic = "PollAll";
        cluster.createTopic(topic, QUEUES);
        for (int i = 0; i < 40; i++) {
            producer.send(Message.builder(topic).body("m" + i).tags(i % 2 == 0 ? "even" : "odd")
                    .keys("k" + i, "order-" + i).property("n", Integer.toString(i)).build());
        }
        String big = "x".repeat(6_000) + "end";
        producer.send(Message.builder(topic).body(big).tags("big").build());
        try (PullConsumer consumer = consumer("poll-all", ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build();
             PullConsumer evens = consumer("poll-evens", ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build()) {
            consumer.subscribe(topic, "*");
            evens.subscribe(topic, "even");
            List<ReceivedMessage> got = pollUntil(consumer, 41, WAIT);
            assertThat(got).hasSize(41);
            Map<String, ReceivedMessage> byBody = got.stream()
                    .collect(Collectors.toMap(ReceivedMessage::bodyAsString, m -> m));
            for (int i = 0; i < 40; i++) {
                ReceivedMessage m = byBody.get("m" + i);
                assertThat(m.tags()).isEqualTo(i % 2 == 0 ? "even" : "odd");
                assertThat(m.keys()).containsExactly("k" + i, "order-" + i);
                assertThat(m.property("n")).isEqualTo(Integer.toString(i));
                assertThat(m.msgId()).isEqualTo(m.uniqKey()).hasSize(32);
                assertThat(m.topic()).isEqualTo(topic);
                assertThat(m.storeTimestamp()).isGreaterThanOrEqualTo(m.bornTimestamp() - 1_000);
            }
            ReceivedMessage compressed = byBody.get(big);
            assertThat(compressed).isNotNull();
            assertThat(compressed.sysFlag() & SysFlag.COMPRESSED).isEqualTo(SysFlag.COMPRESSED);
            assertThat(consumer.assignment()).hasSize(2 * QUEUES);

            List<ReceivedMessage> even = pollUntil(evens, 20, WAIT);
            even.addAll(pollFor(evens, Duration.ofMillis(300)));
            assertThat(even).hasSize(20).allMatch(m -> m.tags().equals("even"));
        }
    }

    @Test
    void aNewGroupStartsExactlyWhereConfiguredWhateverTheAgeOfTheData() throws Exception {
        String topic = "FromWhere";
        cluster.createTopic(topic, QUEUES);
        send(topic, "old", 10);
        Thread.sleep(50);
        Instant middle = Instant.now();
        Thread.sleep(50);
        send(topic, "mid", 6);

        try (PullConsumer first = consumer("new-first", ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build();
             PullConsumer last = consumer("new-last", ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET).build();
             PullConsumer fromTime = consumer("new-time", ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET)
                     .consumeFromTimestamp(middle).build()) {
            first.subscribe(topic, "*");
            last.subscribe(topic, "*");
            fromTime.subscribe(topic, "*");
            assertThat(bodies(pollUntil(first, 16, WAIT))).containsExactlyElementsOf(
                    java.util.stream.Stream.concat(names("old", 10).stream(), names("mid", 6).stream()).sorted()
                            .toList());
            assertThat(bodies(pollUntil(fromTime, 6, WAIT))).containsExactlyElementsOf(names("mid", 6));
            // "last" skips the whole backlog, however young: wait until it owns every queue, then send
            assertThat(await(() -> last.assignment().size() == 2 * QUEUES, WAIT)).isTrue();
            assertThat(pollFor(last, Duration.ofSeconds(1))).isEmpty();
            send(topic, "new", 3);
            assertThat(bodies(pollUntil(last, 3, WAIT))).containsExactlyElementsOf(names("new", 3));
            assertThat(pollFor(fromTime, Duration.ofMillis(300))).hasSize(3);
        }
    }

    @Test
    void aGroupWithACommittedOffsetResumesFromItWhateverTheSetting() throws Exception {
        String topic = "Resume";
        cluster.createTopic(topic, QUEUES);
        send(topic, "a", 10);
        for (String group : List.of("resume-first", "resume-last")) {
            try (PullConsumer reader = consumer(group, ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                    .autoCommit(false).build()) {
                reader.subscribe(topic, "*");
                assertThat(pollUntil(reader, 10, WAIT)).hasSize(10);
                reader.commitSync();
                MessageQueue any = reader.assignment().iterator().next();
                assertThat(reader.committed(any)).isPresent();
            }
        }
        send(topic, "b", 5);
        try (PullConsumer first = consumer("resume-first", ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build();
             PullConsumer last = consumer("resume-last", ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET).build()) {
            first.subscribe(topic, "*");
            last.subscribe(topic, "*");
            List<ReceivedMessage> fromFirst = pollUntil(first, 5, WAIT);
            fromFirst.addAll(pollFor(first, Duration.ofMillis(500)));
            List<ReceivedMessage> fromLast = pollUntil(last, 5, WAIT);
            fromLast.addAll(pollFor(last, Duration.ofMillis(500)));
            assertThat(bodies(fromFirst)).containsExactlyElementsOf(names("b", 5));
            assertThat(bodies(fromLast)).containsExactlyElementsOf(names("b", 5));
        }
    }

    @Test
    void seekMovesThePositionToAnOffsetTheEdgesOrATime() throws Exception {
        String topic = "Seek";
        cluster.createTopic(topic, QUEUES);
        MessageQueue target = new MessageQueue(topic, "broker-0", 1);
        Instant beforeFifth = null;
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                Thread.sleep(50);
                beforeFifth = Instant.now();
                Thread.sleep(50);
            }
            producer.send(Message.builder(topic).body("s" + i).build(), (queues, m, arg) -> target, null);
        }
        try (PullConsumer consumer = consumer("seek-group", ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build()) {
            consumer.assign(List.of(target));
            List<ReceivedMessage> all = pollUntil(consumer, 10, WAIT);
            assertThat(all).extracting(ReceivedMessage::queueOffset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L,
                    7L, 8L, 9L);
            consumer.seek(target, 7);
            assertThat(pollUntil(consumer, 3, WAIT)).extracting(ReceivedMessage::bodyAsString)
                    .containsExactly("s7", "s8", "s9");
            consumer.seekToBeginning(target);
            assertThat(pollUntil(consumer, 10, WAIT).get(0).queueOffset()).isZero();
            consumer.seekToTimestamp(target, beforeFifth.toEpochMilli());
            assertThat(pollUntil(consumer, 5, WAIT)).extracting(ReceivedMessage::bodyAsString)
                    .containsExactly("s5", "s6", "s7", "s8", "s9");
            consumer.seekToEnd(target);
            assertThat(pollFor(consumer, Duration.ofMillis(500))).isEmpty();
            producer.send(Message.builder(topic).body("s10").build(), (queues, m, arg) -> target, null);
            assertThat(pollUntil(consumer, 1, WAIT)).extracting(ReceivedMessage::queueOffset).containsExactly(10L);
            consumer.commitSync();
            assertThat(consumer.committed(target)).hasValue(11);
            assertThat(consumer.assignment()).containsExactly(target);
        }
    }

    @Test
    void twoConsumersOfAGroupInOneProcessGetDistinctClientIds() {
        try (PullConsumer a = consumer("same-process", ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET).build();
             PullConsumer b = consumer("same-process", ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET).build()) {
            assertThat(a.clientId()).isNotEqualTo(b.clientId());
        }
    }
}
