package io.msgframe.it.client;

import io.msgframe.client.consumer.ConsumeConcurrentlyStatus;
import io.msgframe.client.consumer.PushConsumer;
import io.msgframe.client.producer.Message;
import io.msgframe.client.producer.Producer;
import io.msgframe.client.producer.SendResult;
import io.msgframe.client.producer.SendStatus;
import io.msgframe.protocol.body.ConsumeFromWhere;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two MsgFrame push consumers of one group share a topic of 8 queues: one in this JVM, one in a child JVM
 * ({@link ConsumerChildMain}). The child is killed with SIGKILL; the broker sees its connection close and tells the
 * group, so the survivor takes all 8 queues and consumes what is sent after the kill within a bound. Every message
 * is consumed at least once overall; duplicates (re-delivery of what the child consumed but had not committed) are
 * counted and printed, not failed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsumerKilledTest {
    static final String TOPIC = "KillConsumerTopic";
    static final String GROUP = "kill-consumer-group";
    static final int QUEUES = 8;
    static final int PER_PHASE = 80;
    static final Duration AWAIT = Duration.ofSeconds(30);
    static final Duration TAKEOVER = Duration.ofSeconds(30);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void survivorTakesAllQueuesAfterSigkill() throws Exception {
        Map<String, AtomicInteger> survivorCounts = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> childCounts = new ConcurrentHashMap<>();
        try (ClientTestCluster cluster = new ClientTestCluster(dir)) {
            cluster.createTopic(TOPIC, QUEUES);
            Producer producer = cluster.closing(Producer.builder("kill-consumer-producer")
                    .namesrvAddr(cluster.namesrvAddr()).sendTimeout(Duration.ofSeconds(10)).build());

            // the default 20 s rebalance period: within the bound only through the broker's notification
            PushConsumer survivor = cluster.closing(PushConsumer.builder(GROUP)
                    .namesrvAddr(cluster.namesrvAddr())
                    .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                    .consumeThreads(2, 4)
                    .offsetStoreDir(dir.resolve("offsets"))
                    .persistInterval(Duration.ofSeconds(1))
                    .concurrentListener(messages -> {
                        messages.forEach(m -> survivorCounts.computeIfAbsent(m.msgId(), k -> new AtomicInteger())
                                .incrementAndGet());
                        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                    })
                    .build());
            survivor.subscribe(TOPIC, "*");
            survivor.start();
            ClientTestCluster.await(AWAIT, "the first consumer holding all " + QUEUES + " queues",
                    () -> topicQueues(survivor) == QUEUES, () -> survivor.assignment().toString());

            Child child = Child.start(childClassPath(Files.createDirectories(dir.resolve("child-classes"))),
                    cluster.namesrvAddr(), dir, childCounts);
            try {
                ClientTestCluster.await(AWAIT, "READY from the child consumer", () -> child.ready.get() != null,
                        child::describe);
                ClientTestCluster.await(AWAIT, "the first consumer giving queues to the child",
                        () -> topicQueues(survivor) < QUEUES, () -> survivor.assignment().toString());
                System.out.printf("ConsumerKilledTest: child ready (%s), survivor holds %d queues%n",
                        child.ready.get(), topicQueues(survivor));

                List<String> beforeKill = send(producer, "before");
                ClientTestCluster.await(AWAIT, "every message sent before the kill consumed by one consumer or the"
                                + " other, by both consumers", () -> bothConsumed(survivorCounts, childCounts)
                                && consumedByAny(beforeKill, survivorCounts, childCounts).size() == beforeKill.size(),
                        () -> "survivor " + survivorCounts.size() + ", child " + childCounts.size() + "; "
                                + child.describe());

                long killed = System.nanoTime();
                child.kill();
                List<String> afterKill = send(producer, "after");

                ClientTestCluster.await(TAKEOVER, "the survivor taking all " + QUEUES + " queues after the kill",
                        () -> topicQueues(survivor) == QUEUES, () -> survivor.assignment().toString());
                long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                ClientTestCluster.await(TAKEOVER, "every message sent after the kill consumed by the survivor",
                        () -> survivorCounts.keySet().containsAll(afterKill), () -> missing(afterKill,
                                survivorCounts.keySet()).size() + " missing: " + missing(afterKill,
                                survivorCounts.keySet()));
                long allConsumedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

                List<String> all = new ArrayList<>(beforeKill);
                all.addAll(afterKill);
                assertThat(missing(all, consumedByAny(all, survivorCounts, childCounts)))
                        .as("messages consumed by neither consumer").isEmpty();

                int deliveries = total(survivorCounts) + total(childCounts);
                Set<String> byBoth = new HashSet<>(survivorCounts.keySet());
                byBoth.retainAll(childCounts.keySet());
                long repeatedInOne = survivorCounts.values().stream().filter(c -> c.get() > 1).count()
                        + childCounts.values().stream().filter(c -> c.get() > 1).count();
                System.out.printf("ConsumerKilledTest: %d sent, %d deliveries (survivor %d, child %d), %d"
                                + " duplicates (%d consumed by both, %d repeated within one consumer); survivor"
                                + " held all queues %d ms and had consumed everything sent after the kill %d ms"
                                + " after SIGKILL%n", all.size(), deliveries, total(survivorCounts),
                        total(childCounts), deliveries - all.size(), byBoth.size(), repeatedInOne, takeoverMs,
                        allConsumedMs);
                if (!byBoth.isEmpty()) {
                    System.out.println("ConsumerKilledTest: consumed by both (first 10): " + byBoth.stream().sorted()
                            .limit(10).toList());
                }
            } finally {
                child.close();
            }
        }
    }

    /** Sends {@link #PER_PHASE} messages (spread over the queues by the producer) and returns their ids. */
    static List<String> send(Producer producer, String phase) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PER_PHASE; i++) {
            SendResult result = producer.send(Message.builder(TOPIC).tags(phase).keys(phase + "-" + i)
                    .body(phase + " " + i).build());
            assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
            ids.add(result.msgId());
        }
        return ids;
    }

    /** How many queues of {@link #TOPIC} the consumer holds (its assignment also names %RETRY%group queues). */
    static long topicQueues(PushConsumer consumer) {
        return consumer.assignment().stream().filter(q -> q.topic().equals(TOPIC)).count();
    }

    static boolean bothConsumed(Map<String, AtomicInteger> survivor, Map<String, AtomicInteger> child) {
        return !survivor.isEmpty() && !child.isEmpty();
    }

    static Set<String> consumedByAny(List<String> ids, Map<String, AtomicInteger> survivor,
                                     Map<String, AtomicInteger> child) {
        Set<String> consumed = new HashSet<>();
        for (String id : ids) {
            if (survivor.containsKey(id) || child.containsKey(id)) {
                consumed.add(id);
            }
        }
        return consumed;
    }

    static List<String> missing(List<String> ids, Set<String> consumed) {
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (!consumed.contains(id)) {
                missing.add(id);
            }
        }
        return missing;
    }

    static int total(Map<String, AtomicInteger> counts) {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /**
     * Copies {@link ConsumerChildMain}'s class file to {@code dir}, first on the child's class path, so a concurrent
     * build recompiling target/test-classes cannot take it away; the rest is this JVM's class path.
     */
    static String childClassPath(Path dir) throws IOException {
        String resource = ConsumerChildMain.class.getName().replace('.', '/') + ".class";
        try (InputStream in = ConsumerChildMain.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("class file " + resource + " not found");
            }
            Path target = dir.resolve(resource);
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
        }
        return dir + File.pathSeparator + System.getProperty("java.class.path");
    }

    /** The child JVM: its standard output read line by line on a thread, also written to a log file. */
    static final class Child implements AutoCloseable {
        private static final long EXIT_TIMEOUT_MS = 10_000;
        final Process process;
        final AtomicReference<String> ready = new AtomicReference<>();
        final List<String> lines = new ArrayList<>();
        private final Path stderr;

        private Child(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
        }

        static Child start(String classPath, String namesrvAddr, Path dir, Map<String, AtomicInteger> consumed)
                throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Path stderr = dir.resolve("child-stderr.log");
            Path stdout = dir.resolve("child-stdout.log");
            List<String> command = List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", classPath, ConsumerChildMain.class.getName(), namesrvAddr,
                    GROUP, TOPIC, dir.resolve("child-offsets").toString());
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            Child child = new Child(process, stderr);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8)); PrintWriter log = new PrintWriter(Files.newBufferedWriter(stdout))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        log.println(line);
                        synchronized (child.lines) {
                            child.lines.add(line);
                        }
                        if (line.startsWith("CONSUMED ")) {
                            consumed.computeIfAbsent(line.substring("CONSUMED ".length()).trim(),
                                    k -> new AtomicInteger()).incrementAndGet();
                        } else if (line.startsWith("READY ")) {
                            child.ready.set(line.substring("READY ".length()));
                        }
                    }
                } catch (IOException e) {
                    // the child died: its output ends
                }
            }, "it-child-consumer-output");
            reader.setDaemon(true);
            reader.start();
            return child;
        }

        String describe() {
            String tail;
            synchronized (lines) {
                tail = lines.subList(Math.max(0, lines.size() - 5), lines.size()).toString();
            }
            String err;
            try {
                err = Files.readString(stderr);
                err = err.substring(Math.max(0, err.length() - 2_000));
            } catch (IOException e) {
                err = e.toString();
            }
            return "child alive=" + process.isAlive() + ", last output " + tail + ", stderr tail:\n" + err;
        }

        /** SIGKILL; returns once the process is gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(EXIT_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                    .as("the child consumer gone %d ms after SIGKILL", EXIT_TIMEOUT_MS).isTrue();
        }

        /** Graceful stop (end of input), SIGKILL if that takes too long. */
        @Override
        public void close() throws InterruptedException {
            if (!process.isAlive()) {
                return;
            }
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // already closed
            }
            if (!process.waitFor(EXIT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(EXIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
    }
}
