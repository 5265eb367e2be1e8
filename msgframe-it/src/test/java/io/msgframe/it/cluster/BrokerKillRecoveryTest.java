package io.msgframe.it.cluster;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Process-level crash test: a broker process with {@code flushMode=SYNC} is killed with SIGKILL while the official
 * 4.9.8 producer sends sync messages from several threads; a new process on the same data directory must hold
 * every message that was acknowledged SEND_OK (same UNIQ_KEY, same body), and every queue must be readable from
 * offset 0 to its max. Several rounds on the same data, so later rounds recover a store that was itself
 * recovered. The kill moment is random; the seed is printed ({@code -Dit.crash.seed=} repeats the kill timing).
 */
@Timeout(value = 80, unit = TimeUnit.SECONDS)
class BrokerKillRecoveryTest {
    static final String TOPIC = "CrashTopic";
    static final int QUEUES = 4;
    static final int ROUNDS = 3;
    static final int SENDERS = 4;
    static final long TIMEOUT_MS = 5_000;

    /** Kept when the test fails: the broker logs and data are the evidence. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void everyAcknowledgedSendSurvivesSigkillAndRestart() throws Exception {
        long seed = Long.getLong("it.crash.seed", System.nanoTime());
        System.out.println("BrokerKillRecoveryTest seed " + seed + " (-Dit.crash.seed=" + seed
                + " repeats the kill timing)");
        Random random = new Random(seed);
        Path data = Files.createDirectories(dir.resolve("data"));
        Map<String, Stored> acked = new ConcurrentHashMap<>(); // UNIQ_KEY → body and position the ack named

        String classPath = BrokerProcess.childClassPath(Files.createDirectories(dir.resolve("classes")));
        BrokerProcess broker = BrokerProcess.start(classPath, data, TOPIC, QUEUES, dir.resolve("broker-1.log"));
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                long roundStart = System.nanoTime();
                int ackedBefore = acked.size();
                long killAfterMs = 200 + random.nextInt(800);
                sendUntilKilled(broker, round, killAfterMs, acked);
                assertThat(acked.size() - ackedBefore).as("sends acknowledged in round %d", round).isPositive();
                assertThat(data.resolve("broker").resolve("abort")).as("the killed store's abort marker").exists();

                broker = BrokerProcess.start(classPath, data, TOPIC, QUEUES,
                        dir.resolve("broker-" + (round + 1) + ".log"));
                Map<String, List<Stored>> stored = readEverything(broker, "crash-verify-" + round);

                List<String> lost = new ArrayList<>();
                acked.forEach((key, ack) -> {
                    List<Stored> copies = stored.getOrDefault(key, List.of());
                    if (!copies.contains(ack)) {
                        lost.add(key + " acknowledged as " + ack + ", stored as " + copies);
                    }
                });
                assertThat(lost).as("acknowledged messages missing after SIGKILL round %d (seed %d, logs in %s)",
                        round, seed, dir).isEmpty();
                System.out.printf("BrokerKillRecoveryTest round %d: %d acknowledged in total, %d stored, kill after"
                                + " %d ms, %d ms%n", round, acked.size(), stored.size(), killAfterMs,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundStart));
            }
        } finally {
            broker.close();
        }
    }

    /** A message's body and where it is: the position a SEND_OK names must be where it is read after recovery. */
    record Stored(String body, int queueId, long queueOffset) {
    }

    /**
     * Sends from {@link #SENDERS} threads and SIGKILLs the broker {@code killAfterMs} after the first
     * acknowledgement; records every SEND_OK. Errors before the kill fail the test.
     */
    void sendUntilKilled(BrokerProcess broker, int round, long killAfterMs, Map<String, Stored> acked)
            throws Exception {
        List<String> errorsBeforeKill = new ArrayList<>();
        AtomicBoolean killing = new AtomicBoolean();
        AtomicInteger roundAcks = new AtomicInteger();
        try (OfficialClients clients = new OfficialClients(broker.namesrvAddr)) {
            DefaultMQProducer producer = clients.producer("crash-producer", p -> {
                p.setSendMsgTimeout(2_000);
                p.setRetryTimesWhenSendFailed(2);
            });
            Await.until(Duration.ofSeconds(10), "a route to " + TOPIC, () -> hasRoute(producer));
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < SENDERS; t++) {
                String prefix = "r" + round + "-t" + t + "-";
                Thread sender = new Thread(() -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                    for (int seq = 0; !killing.get() && System.nanoTime() - deadline < 0; seq++) {
                        String body = prefix + seq;
                        try {
                            SendResult result = producer.send(new Message(TOPIC, "crash",
                                    body.getBytes(StandardCharsets.UTF_8)));
                            if (result.getSendStatus() == SendStatus.SEND_OK) {
                                acked.put(result.getMsgId(), new Stored(body, result.getMessageQueue().getQueueId(),
                                        result.getQueueOffset()));
                                roundAcks.incrementAndGet();
                            }
                        } catch (Exception e) {
                            if (!killing.get()) {
                                synchronized (errorsBeforeKill) {
                                    errorsBeforeKill.add(body + ": " + e);
                                }
                            }
                        }
                    }
                }, "it-crash-sender-" + t);
                sender.start();
                senders.add(sender);
            }
            try {
                Await.until(Duration.ofSeconds(10), "a first acknowledgement", () -> roundAcks.get() > 0);
                Await.sleep(killAfterMs);
            } finally {
                killing.set(true);
                broker.kill();
            }
            for (Thread sender : senders) {
                sender.join(10_000);
                assertThat(sender.isAlive()).as("%s still sending 10 s after the kill", sender.getName()).isFalse();
            }
        }
        synchronized (errorsBeforeKill) {
            assertThat(errorsBeforeKill).as("send errors before the kill").isEmpty();
        }
    }

    static boolean hasRoute(DefaultMQProducer producer) {
        try {
            return !producer.fetchPublishMessageQueues(TOPIC).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Reads every queue from offset 0 to its max with a lite-pull consumer (assign + seek 0).
     *
     * @return UNIQ_KEY → every stored copy (a retried send may be stored twice)
     */
    Map<String, List<Stored>> readEverything(BrokerProcess broker, String group) throws Exception {
        Map<Integer, Long> maxOffsets = new HashMap<>();
        RemotingClient wire = new RemotingClient(RemotingClientConfig.defaults().withIoThreads(1));
        wire.start();
        try {
            for (int queueId = 0; queueId < QUEUES; queueId++) {
                RemotingCommand response = wire.invokeSync(broker.brokerAddr, WireRequests.getMaxOffset(TOPIC,
                        queueId), TIMEOUT_MS);
                assertThat(WireRequests.isSuccess(response)).as(WireRequests.describe(response)).isTrue();
                maxOffsets.put(queueId, response.extLong("offset"));
            }
        } finally {
            wire.shutdown();
        }

        Map<String, List<Stored>> stored = new HashMap<>();
        Map<Integer, Set<Long>> offsetsRead = new HashMap<>();
        try (OfficialClients clients = new OfficialClients(broker.namesrvAddr)) {
            DefaultLitePullConsumer consumer = clients.litePullConsumer(group);
            List<Collection<MessageQueue>> found = new ArrayList<>();
            Await.until(Duration.ofSeconds(10), "the queues of " + TOPIC, () -> {
                try {
                    Collection<MessageQueue> queues = consumer.fetchMessageQueues(TOPIC);
                    return queues.size() == QUEUES && found.add(queues);
                } catch (Exception e) {
                    return false;
                }
            });
            Collection<MessageQueue> queues = found.get(0);
            consumer.assign(queues);
            for (MessageQueue queue : queues) {
                consumer.seek(queue, 0);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!allRead(offsetsRead, maxOffsets) && System.nanoTime() - deadline < 0) {
                for (MessageExt message : consumer.poll(200)) {
                    Stored copy = new Stored(new String(message.getBody(), StandardCharsets.UTF_8),
                            message.getQueueId(), message.getQueueOffset());
                    if (offsetsRead.computeIfAbsent(copy.queueId(), q -> new HashSet<>()).add(copy.queueOffset())) {
                        stored.computeIfAbsent(message.getMsgId(), k -> new ArrayList<>()).add(copy);
                    }
                }
            }
        }
        Map<Integer, Integer> readCounts = new HashMap<>();
        offsetsRead.forEach((queueId, offsets) -> readCounts.put(queueId, offsets.size()));
        assertThat(allRead(offsetsRead, maxOffsets)).as("every offset below the max readable; max %s, read %s",
                maxOffsets, readCounts).isTrue();
        return stored;
    }

    static boolean allRead(Map<Integer, Set<Long>> offsetsRead, Map<Integer, Long> maxOffsets) {
        for (Map.Entry<Integer, Long> queue : maxOffsets.entrySet()) {
            long max = queue.getValue();
            Set<Long> read = offsetsRead.getOrDefault(queue.getKey(), Set.of());
            if (read.size() != max || !read.stream().allMatch(offset -> offset >= 0 && offset < max)) {
                return false;
            }
        }
        return true;
    }
}
