package io.msgframe.client.producer;

import io.msgframe.client.TestCluster;
import io.msgframe.client.TestCluster.Stored;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.remoting.RequestCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/** Sends of every kind against an in-process name server and two brokers; checked against what the brokers stored. */
class ProducerSendTest {
    private static final int QUEUES = 4;
    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new TestCluster(dir, 2);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private Producer producer(String group) {
        return Producer.builder(group).namesrvAddr(cluster.namesrvAddr()).sendTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Every stored message of a topic on both brokers, keyed "broker:queue" → messages in queue order. */
    private List<Stored> storedAll(String topic) throws InterruptedException {
        List<Stored> all = new ArrayList<>();
        all.addAll(cluster.storedAll(0, topic, QUEUES));
        all.addAll(cluster.storedAll(1, topic, QUEUES));
        return all;
    }

    private static void assertDenseOffsets(TestCluster cluster, String topic) throws InterruptedException {
        for (int b = 0; b < 2; b++) {
            for (int q = 0; q < QUEUES; q++) {
                List<Stored> queue = cluster.stored(b, topic, q);
                for (int i = 0; i < queue.size(); i++) {
                    assertThat(queue.get(i).queueOffset()).isEqualTo(i);
                }
            }
        }
    }

    @Test
    void syncSendsAreStoredIntactOnEveryWritableQueueWithDenseOffsets() throws Exception {
        String topic = "SyncTopic";
        cluster.createTopic(topic, QUEUES);
        try (Producer producer = producer("sync-group")) {
            List<SendResult> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(producer.send(Message.builder(topic).body("body-" + i).tags("tag" + i)
                        .keys("k" + i, "order-" + i).property("n", Integer.toString(i)).build()));
            }
            assertThat(results).allMatch(r -> r.status() == SendStatus.SEND_OK);
            assertThat(results.stream().map(SendResult::queue).distinct()).hasSize(8);
            assertThat(results.stream().map(SendResult::msgId).distinct()).hasSize(16);
            List<Stored> stored = storedAll(topic);
            assertThat(stored).hasSize(16);
            for (SendResult result : results) {
                Stored s = stored.stream().filter(m -> result.msgId().equals(m.properties().get("UNIQ_KEY")))
                        .findFirst().orElseThrow();
                int i = Integer.parseInt(s.properties().get("n"));
                assertThat(new String(s.body(), StandardCharsets.UTF_8)).isEqualTo("body-" + i);
                assertThat(s.properties()).containsEntry("TAGS", "tag" + i)
                        .containsEntry("KEYS", "k" + i + " order-" + i);
                assertThat(s.queueId()).isEqualTo(result.queue().queueId());
                assertThat(s.queueOffset()).isEqualTo(result.queueOffset());
                assertThat(result.offsetMsgId()).hasSize(32);
            }
            assertDenseOffsets(cluster, topic);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!cluster.broker(1).producers().groups().contains("sync-group") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(cluster.broker(1).producers().connections("sync-group"))
                    .anyMatch(c -> c.clientId().equals(producer.clientId()));
        }
    }

    @Test
    void largeBodiesAreStoredCompressedAndInflateToTheOriginal() throws Exception {
        String topic = "CompressedTopic";
        cluster.createTopic(topic, QUEUES);
        byte[] body = "compress me ".repeat(2_000).getBytes(StandardCharsets.UTF_8);
        try (Producer producer = producer("compress-group")) {
            SendResult result = producer.send(Message.of(topic, body));
            Stored stored = storedAll(topic).get(0);
            assertThat(stored.properties()).containsEntry(PropertyKeys.UNIQ_KEY, result.msgId());
            assertThat(stored.sysFlag() & 0x701).isEqualTo(0x301);
            Inflater inflater = new Inflater();
            inflater.setInput(stored.body());
            byte[] out = new byte[body.length];
            assertThat(inflater.inflate(out)).isEqualTo(body.length);
            inflater.end();
            assertThat(out).isEqualTo(body);
        }
    }

    @Test
    void asyncCallbackAndOnewaySendsAreStored() throws Exception {
        String topic = "AsyncTopic";
        cluster.createTopic(topic, QUEUES);
        try (Producer producer = producer("async-group")) {
            List<CompletableFuture<SendResult>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(producer.sendAsync(Message.builder(topic).body("a" + i).build()));
            }
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<SendResult> viaCallback = new AtomicReference<>();
            AtomicReference<String> callbackThread = new AtomicReference<>();
            producer.sendAsync(Message.of(topic, "cb".getBytes(StandardCharsets.UTF_8)), new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    viaCallback.set(result);
                    callbackThread.set(Thread.currentThread().getName());
                    done.countDown();
                }

                @Override
                public void onException(Throwable error) {
                    done.countDown();
                }
            });
            for (int i = 0; i < 5; i++) {
                producer.sendOneway(Message.builder(topic).body("o" + i).build());
            }
            for (CompletableFuture<SendResult> f : futures) {
                assertThat(f.get(10, TimeUnit.SECONDS).status()).isEqualTo(SendStatus.SEND_OK);
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(viaCallback.get()).isNotNull();
            assertThat(callbackThread.get()).startsWith("msgframe-client-callback");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (storedAll(topic).size() < 26 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<Stored> stored = storedAll(topic);
            assertThat(stored).hasSize(26);
            assertThat(stored.stream().map(s -> new String(s.body(), StandardCharsets.UTF_8)))
                    .contains("a0", "a19", "cb", "o0", "o4");
            assertDenseOffsets(cluster, topic);
        }
    }

    @Test
    void batchSendStoresEachMessageWithConsecutiveOffsets() throws Exception {
        String topic = "BatchTopic";
        cluster.createTopic(topic, QUEUES);
        try (Producer producer = producer("batch-group")) {
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(Message.builder(topic).body("b" + i).tags("t").keys("key" + i).property("i", "" + i)
                        .build());
            }
            SendResult result = producer.send(batch);
            assertThat(result.msgId().split(",")).hasSize(10);
            assertThat(result.offsetMsgId().split(",")).hasSize(10);
            int broker = result.queue().brokerName().equals("broker-0") ? 0 : 1;
            List<Stored> stored = cluster.stored(broker, topic, result.queue().queueId());
            assertThat(stored).hasSize(10);
            String[] ids = result.msgId().split(",");
            for (int i = 0; i < 10; i++) {
                Stored s = stored.get(i);
                assertThat(s.queueOffset()).isEqualTo(result.queueOffset() + i);
                assertThat(new String(s.body(), StandardCharsets.UTF_8)).isEqualTo("b" + i);
                assertThat(s.properties()).containsEntry("UNIQ_KEY", ids[i]).containsEntry("KEYS", "key" + i)
                        .containsEntry("TAGS", "t").containsEntry("i", "" + i);
            }
        }
    }

    @Test
    void orderedSendsWithTheSameKeyGoToOneQueueInOrder() throws Exception {
        String topic = "OrderedTopic";
        cluster.createTopic(topic, QUEUES);
        try (Producer producer = producer("ordered-group")) {
            Map<String, MessageQueue> queueOf = new java.util.HashMap<>();
            for (int i = 0; i < 30; i++) {
                String order = "order-" + (i % 3);
                SendResult result = producer.send(Message.builder(topic).body(order + ":" + i).build(),
                        MessageQueueSelector.byHash(), order);
                MessageQueue previous = queueOf.putIfAbsent(order, result.queue());
                if (previous != null) {
                    assertThat(result.queue()).isEqualTo(previous);
                }
            }
            for (Map.Entry<String, MessageQueue> e : queueOf.entrySet()) {
                int broker = e.getValue().brokerName().equals("broker-0") ? 0 : 1;
                List<Integer> sequence = cluster.stored(broker, topic, e.getValue().queueId()).stream()
                        .map(s -> new String(s.body(), StandardCharsets.UTF_8))
                        .filter(b -> b.startsWith(e.getKey() + ":"))
                        .map(b -> Integer.parseInt(b.substring(b.indexOf(':') + 1))).toList();
                assertThat(sequence).hasSize(10).isSortedAccordingTo(Comparator.naturalOrder());
            }
        }
    }

    @Test
    void unknownTopicIsAutoCreatedThroughTheTemplateRoute() throws Exception {
        try (Producer producer = producer("autocreate-group")) {
            SendResult result = producer.send(Message.of("AutoCreated", "x".getBytes(StandardCharsets.UTF_8)));
            assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(result.queue().queueId()).isLessThan(4);
        }
    }

    @Test
    void automaticBatchingSendsManyMessagesPerRequestEachWithItsOwnOffset() throws Exception {
        String topic = "AutoBatchTopic";
        cluster.createTopic(topic, QUEUES);
        String kind = cluster.broker(0).processors().kindOf(RequestCode.SEND_BATCH_MESSAGE);
        long before = cluster.broker(0).executor(kind).getCompletedTaskCount()
                + cluster.broker(1).executor(kind).getCompletedTaskCount();
        int n = 200;
        try (Producer producer = Producer.builder("autobatch-group").namesrvAddr(cluster.namesrvAddr())
                .sendTimeout(Duration.ofSeconds(10)).autoBatch(Duration.ofMillis(50), 50, 64 * 1024).build()) {
            List<CompletableFuture<SendResult>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(producer.sendAsync(Message.builder(topic).body("m" + i).property("i", "" + i).build()));
            }
            List<SendResult> results = new ArrayList<>();
            for (CompletableFuture<SendResult> f : futures) {
                results.add(f.get(15, TimeUnit.SECONDS));
            }
            assertThat(new HashSet<>(results.stream().map(SendResult::msgId).toList())).hasSize(n);
            assertThat(new HashSet<>(results.stream().map(r -> r.queue() + "@" + r.queueOffset()).toList()))
                    .hasSize(n);
            List<Stored> stored = storedAll(topic);
            assertThat(stored).hasSize(n);
            for (int i = 0; i < n; i++) {
                SendResult r = results.get(i);
                int broker = r.queue().brokerName().equals("broker-0") ? 0 : 1;
                Stored s = cluster.stored(broker, topic, r.queue().queueId()).get((int) r.queueOffset());
                assertThat(new String(s.body(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
                assertThat(s.properties()).containsEntry("UNIQ_KEY", r.msgId());
                assertThat(r.offsetMsgId()).hasSize(32);
            }
            assertDenseOffsets(cluster, topic);
        }
        long after = cluster.broker(0).executor(kind).getCompletedTaskCount()
                + cluster.broker(1).executor(kind).getCompletedTaskCount();
        assertThat(after - before).isLessThanOrEqualTo(n / 5);
    }
}
