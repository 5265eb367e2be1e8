package io.msgframe.store.crash;

import io.msgframe.protocol.message.RecordValidator;
import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.read.GetMessageStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Kills a child JVM ({@link CrashingAppender}) with SIGKILL while several of its threads append single
 * messages and batches, in several rounds on the same directory: each round recovers the previous crash, then
 * is killed in turn; two rounds are killed while the child's store is still starting (recovering). Then this
 * JVM recovers the directory and checks that every acknowledged message is there, byte for byte, at its queue
 * offset, at its commit-log offset and by key; that queue offsets in the log are dense and unique; that the
 * commit log ends exactly after its last valid record (raw scan with RecordValidator) with nothing served
 * past it; and that appends continue at the next queue offset.
 *
 * <p>Randomized (kill delays, queues, body lengths, batches): the seed is printed; replay the same choices
 * with {@code -Dmsgframe.crash.killSeed=<seed>} (where the kill lands still depends on scheduling).
 */
class KillDuringAppendTest {
    private static final int ROUNDS = 8;
    /** Rounds killed while the child starts, most likely during its recovery of the previous kill. */
    private static final Set<Integer> EARLY_KILL_ROUNDS = Set.of(2, 5);
    private static final int THREADS = 3;
    private static final int MAX_PADDING = 700;
    private static final int CHILD_START_TIMEOUT_S = 30;
    /** SIGKILL: 128 + 9. */
    private static final int KILLED_EXIT = 137;

    @TempDir
    Path work;
    /** The children's class path: a snapshot of this JVM's, see {@link #snapshotClassPath}. */
    private String classPath;

    /** One line the child printed for an acknowledged append. */
    record Ack(String topic, int queueId, long queueOffset, long physicalOffset, int round, int thread, long seq,
               int bodyLength, int bodyCrc) {
        static Ack parse(String line) {
            String[] f = line.split(" ");
            if (f.length != 10 || !f[0].equals("ACK")) {
                throw new IllegalArgumentException("unexpected child output: " + line);
            }
            return new Ack(f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Integer.parseInt(f[5]), Integer.parseInt(f[6]), Long.parseLong(f[7]), Integer.parseInt(f[8]),
                    Integer.parseInt(f[9]));
        }

        String queue() {
            return topic + "/" + queueId;
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void syncFlushKeepsEveryAcknowledgedMessageAcrossRepeatedKills() throws Exception {
        killRepeatedlyThenVerify("SYNC", CrashSupport.seed("msgframe.crash.killSeed"));
    }

    /** ASYNC acknowledges from the page cache; a process kill leaves the page cache, so nothing is lost either. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void asyncFlushKeepsEveryAcknowledgedMessageAcrossRepeatedKills() throws Exception {
        killRepeatedlyThenVerify("ASYNC", CrashSupport.seed("msgframe.crash.killSeed"));
    }

    private void killRepeatedlyThenVerify(String flushMode, long seed) throws Exception {
        Path store = work.resolve("store");
        Random random = new Random(seed);
        List<Ack> acks = new ArrayList<>();
        long[] startup = {0, 0}; // last round's ms from spawn to READY, and of those, ms in store.start()
        for (int round = 0; round < ROUNDS; round++) {
            if (EARLY_KILL_ROUNDS.contains(round)) {
                // aim at the store's start (recovery of the previous kill), just before READY
                long window = Math.max(startup[1], 20);
                long delay = Math.max(0, startup[0] - window + random.nextInt((int) window + 20));
                acks.addAll(runAndKill(store, flushMode, round, seed, delay, false, startup));
            } else {
                List<Ack> acked = runAndKill(store, flushMode, round, seed, 200 + random.nextInt(1300), true,
                        startup);
                assertThat(acked).as("round %d acknowledged appends before the kill", round).isNotEmpty();
                acks.addAll(acked);
            }
        }
        verify(store, seed, acks);
    }

    /**
     * Starts the child, lets it run for {@code delayMs} (counted from READY, or from the spawn when not
     * {@code afterReady}), kills it, returns its acks.
     *
     * @param startup receives the ms from spawn to READY and the ms the child spent in store.start()
     */
    private List<Ack> runAndKill(Path store, String flushMode, int round, long seed, long delayMs,
                                 boolean afterReady, long[] startup) throws Exception {
        for (int attempt = 1; ; attempt++) {
            if (classPath == null) {
                classPath = snapshotClassPath(work.resolve("classpath-" + attempt));
            }
            try {
                return runAndKillOnce(store, flushMode, round, seed, delayMs, afterReady, startup);
            } catch (IncompleteClassPath e) {
                // the snapshot was taken while a concurrent build rewrote the classes: take it again
                if (attempt == 3) {
                    throw new AssertionError("round " + round + ": the child cannot load its classes", e);
                }
                System.out.println("[crash-test] round " + round + ": " + e.getMessage() + "; retrying");
                classPath = null;
                Thread.sleep(2_000);
            }
        }
    }

    private List<Ack> runAndKillOnce(Path store, String flushMode, int round, long seed, long delayMs,
                                     boolean afterReady, long[] startup) throws Exception {
        Path stderr = work.resolve("child-" + round + ".err");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath,
                CrashingAppender.class.getName(), store.toString(), flushMode, Integer.toString(round),
                Integer.toString(THREADS), Long.toString(seed), Integer.toString(MAX_PADDING));
        builder.redirectError(stderr.toFile());
        long spawned = System.nanoTime();
        Process child = builder.start();
        try {
            StdoutPump pump = new StdoutPump(child.getInputStream());
            pump.start();
            boolean exited;
            if (afterReady) {
                if (!pump.ready.await(CHILD_START_TIMEOUT_S, TimeUnit.SECONDS)) {
                    fail("round " + round + ": the child did not start in " + CHILD_START_TIMEOUT_S + " s; stderr:\n"
                            + tail(stderr));
                }
                startup[0] = (System.nanoTime() - spawned) / 1_000_000;
                exited = pump.completeLines().size() < 2 && child.waitFor(5, TimeUnit.SECONDS);
            } else {
                exited = child.waitFor(delayMs, TimeUnit.MILLISECONDS);
            }
            if (exited) {
                String err = tail(stderr);
                if (err.contains("NoClassDefFoundError") || err.contains("ClassNotFoundException")
                        || err.contains("ClassFormatError") || err.contains("Could not find or load main class")) {
                    throw new IncompleteClassPath(err.lines().findFirst().orElse(""));
                }
                fail("round " + round + ": the child exited by itself with " + child.exitValue() + "; stderr:\n" + err);
            }
            if (afterReady) {
                Thread.sleep(delayMs);
            }
            assertThat(child.isAlive()).as("round %d: the child is still appending (stderr:\n%s)", round,
                    tail(stderr)).isTrue();
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush, no clean checkpoint
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child exits after SIGKILL").isTrue();
            assertThat(child.exitValue()).as("round %d: killed by SIGKILL", round).isEqualTo(KILLED_EXIT);
            pump.join(20_000);
            List<String> lines = pump.completeLines();
            if (lines.size() < 2) {
                assertThat(afterReady).isFalse();
                System.out.println("[crash-test] " + flushMode + " round " + round + ": killed " + delayMs
                        + " ms after the spawn, " + (lines.isEmpty() ? "before the store opened"
                        : "while the store was starting (recovering)"));
                return List.of();
            }
            assertThat(lines.get(0)).isEqualTo("OPENING");
            lines = lines.subList(1, lines.size());
            assertThat(lines.get(0)).startsWith("READY ");
            startup[1] = Long.parseLong(lines.get(0).replaceAll(".*startMs=(\\d+).*", "$1"));
            if (round > 0) {
                assertThat(lines.get(0)).as("round %d recovered the previous kill", round).endsWith("crashed=true");
            }
            List<Ack> acks = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                acks.add(Ack.parse(line));
            }
            System.out.println("[crash-test] " + flushMode + " round " + round + ": killed " + delayMs + " ms after "
                    + (afterReady ? "READY" : "the spawn") + " (" + lines.get(0) + "), " + acks.size()
                    + " acknowledged message(s)");
            return acks;
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void verify(Path dir, long seed, List<Ack> acks) throws Exception {
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isTrue();
            assertThat(store.quarantine().ranges()).as("a kill tears at most the tail; nothing is quarantined")
                    .isEmpty();

            // 1. The raw commit log: valid records up to the store's end, zeros after, bodies as generated.
            CrashSupport.Scan scan = CrashSupport.scanCommitLog(store.config().commitLogDir(), CrashSupport.SEGMENT);
            assertThat(scan.problems()).isEmpty();
            assertThat(store.commitLog().maxOffset()).as("the log ends right after its last valid record")
                    .isEqualTo(scan.end());
            Map<String, List<CrashSupport.ScannedRecord>> byQueue = new TreeMap<>();
            Map<Long, CrashSupport.ScannedRecord> byPhysical = new HashMap<>();
            for (CrashSupport.ScannedRecord r : scan.records()) {
                assertThat(r.body()).as("record at %d is one the children wrote", r.physicalOffset())
                        .isEqualTo(CrashSupport.expectedBody(seed, r.body(), MAX_PADDING));
                byQueue.computeIfAbsent(r.topic() + "/" + r.queueId(), q -> new ArrayList<>()).add(r);
                byPhysical.put(r.physicalOffset(), r);
            }

            // 2. Queue offsets in the commit log: 0..n-1 once each, in log order; the consume queue agrees.
            for (Map.Entry<String, List<CrashSupport.ScannedRecord>> e : byQueue.entrySet()) {
                List<CrashSupport.ScannedRecord> records = e.getValue();
                for (int i = 0; i < records.size(); i++) {
                    assertThat(records.get(i).queueOffset()).as("%s: queue offset of its record #%d in the log",
                            e.getKey(), i).isEqualTo(i);
                }
                String topic = records.get(0).topic();
                int queueId = records.get(0).queueId();
                assertThat(store.maxOffset(topic, queueId)).as("%s max offset", e.getKey()).isEqualTo(records.size());
                List<CrashSupport.Served> served = CrashSupport.readAll(store, topic, queueId);
                assertThat(served).hasSize(records.size());
                for (int i = 0; i < served.size(); i++) {
                    assertThat(served.get(i).queueOffset()).isEqualTo(i);
                    assertThat(served.get(i).physicalOffset()).isEqualTo(records.get(i).physicalOffset());
                }
                assertThat(CrashSupport.readAt(store, topic, queueId, records.size()).status())
                        .as("%s: nothing served at its max offset", e.getKey())
                        .isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_ONE);
            }

            // 3. Every acknowledged message, byte for byte, at its queue offset and at its commit-log offset.
            Map<String, Set<Long>> ackedOffsets = new HashMap<>();
            Map<String, Integer> ackedCount = new HashMap<>();
            for (Ack ack : acks) {
                String what = ack.queue() + "@" + ack.queueOffset() + " (round " + ack.round() + ", thread "
                        + ack.thread() + ", seq " + ack.seq() + ")";
                assertThat(ackedOffsets.computeIfAbsent(ack.queue(), q -> new HashSet<>()).add(ack.queueOffset()))
                        .as("queue offset of %s acknowledged once", what).isTrue();
                ackedCount.merge(ack.queue(), 1, Integer::sum);
                byte[] body = CrashSupport.body(seed, ack.round(), ack.thread(), ack.seq(), MAX_PADDING);
                assertThat(body.length).isEqualTo(ack.bodyLength());
                assertThat(RecordValidator.bodyCrc(ByteBuffer.wrap(body))).isEqualTo(ack.bodyCrc());

                CrashSupport.Served served = CrashSupport.readAt(store, ack.topic(), ack.queueId(), ack.queueOffset());
                assertThat(served.status()).as("%s served", what).isEqualTo(GetMessageStatus.FOUND);
                assertThat(served.queueOffset()).as("%s queue offset", what).isEqualTo(ack.queueOffset());
                assertThat(served.physicalOffset()).as("%s physical offset", what).isEqualTo(ack.physicalOffset());
                assertThat(served.body()).as("%s body", what).isEqualTo(body);

                byte[] record = CrashSupport.readRecordBytes(store, ack.physicalOffset());
                assertThat(record).as("%s by commit-log offset", what).isEqualTo(served.raw());
                assertThat(byPhysical).containsKey(ack.physicalOffset());

                List<SegmentSlice> byKey = store.queryByKey(ack.topic(),
                        CrashingAppender.key(ack.round(), ack.thread(), ack.seq()), 4, 0, Long.MAX_VALUE);
                try {
                    assertThat(byKey.stream().map(SegmentSlice::logOffset).toList()).as("%s by key", what)
                            .containsExactly(ack.physicalOffset());
                } finally {
                    byKey.forEach(SegmentSlice::close);
                }
            }
            for (Map.Entry<String, Integer> e : ackedCount.entrySet()) {
                String[] q = e.getKey().split("/");
                assertThat(store.maxOffset(q[0], Integer.parseInt(q[1]))).as("%s holds every ack", e.getKey())
                        .isGreaterThanOrEqualTo(e.getValue());
            }

            // 4. Appends go on at the next dense queue offset, right after the recovered end.
            long end = store.commitLog().maxOffset();
            for (String topic : CrashingAppender.TOPICS) {
                for (int queueId = 0; queueId < CrashingAppender.QUEUES; queueId++) {
                    long next = store.maxOffset(topic, queueId);
                    AppendResult result = store.append(StoreTestSupport.message(topic, queueId,
                            "after-recovery-" + topic + "-" + queueId, null, null));
                    assertThat(result.isOk()).isTrue();
                    assertThat(result.queueOffset()).as("%s/%d next offset", topic, queueId).isEqualTo(next);
                    assertThat(result.physicalOffset()).isGreaterThanOrEqualTo(end);
                    store.awaitDispatched(5_000);
                    CrashSupport.Served served = CrashSupport.readAt(store, topic, queueId, next);
                    assertThat(CrashSupport.text(served.body())).isEqualTo("after-recovery-" + topic + "-" + queueId);
                }
            }
        }
    }

    /** The child could not load its classes (see {@link #snapshotClassPath}). */
    private static final class IncompleteClassPath extends Exception {
        IncompleteClassPath(String message) {
            super(message);
        }
    }

    /**
     * This JVM's class path ({@code java.class.path}) with its directories (target/classes,
     * target/test-classes) copied under {@code into}: the children run the code under test even if a
     * concurrent build recompiles or cleans the module while the rounds run. Jars are used in place.
     */
    private static String snapshotClassPath(Path into) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path copy = into.resolve(Integer.toString(n++));
                CrashSupport.copyTree(path, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    /** Reads the child's stdout as it comes (so the pipe never fills) and notices READY. */
    private static final class StdoutPump extends Thread {
        final CountDownLatch ready = new CountDownLatch(1);
        private final InputStream in;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        StdoutPump(InputStream in) {
            super("child-stdout");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (captured) {
                        captured.write(buffer, 0, n);
                    }
                    if (ready.getCount() > 0 && completeLines().size() >= 2) { // OPENING, READY
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the pipe closes when the child dies
            }
            ready.countDown(); // the child is gone: nothing to wait for
        }

        private byte[] captured() {
            synchronized (captured) {
                return captured.toByteArray();
            }
        }

        /** Lines ended by a newline; a line cut by the kill is not acknowledged and is dropped. */
        List<String> completeLines() {
            String text = new String(captured(), StandardCharsets.US_ASCII);
            int lastNewline = text.lastIndexOf('\n');
            if (lastNewline < 0) {
                return List.of();
            }
            return List.of(text.substring(0, lastNewline).split("\n"));
        }
    }
}
