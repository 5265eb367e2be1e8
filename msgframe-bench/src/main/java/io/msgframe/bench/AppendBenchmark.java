package io.msgframe.bench;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.store.MessageStore;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Appends with async flush (acknowledged once in the page cache), as producers of a broker would: one topic
 * of {@code queues} queues, each producer thread choosing queues round robin, 1 KiB or 128 B bodies.
 * The whole store runs meanwhile (flusher, dispatcher building consume queues and index, checkpoints), so the
 * figure is what a broker could accept, not the cost of the copy alone.
 *
 * <p>Disk use stays bounded: every iteration gets a fresh store (1 GiB commit-log files, the default) in a new
 * directory, deleted after the iteration. One 2-second iteration at 1 KiB writes roughly 0.5-2 GB.
 *
 * <p>Result: ops/s = messages appended per second (all threads together).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class AppendBenchmark {

    @Param({"1024", "128"})
    public int bodySize;

    @Param({"8"})
    public int queues;

    private MessageStore store;
    private Path dir;
    private ByteBuffer body;
    private String[] properties;

    @Setup(Level.Trial)
    public void prepare() {
        body = ByteBuffer.wrap(BenchSupport.body(bodySize));
        properties = BenchSupport.propertyPool();
    }

    @Setup(Level.Iteration)
    public void openStore() {
        dir = BenchSupport.newStoreDir("msgframe-append-");
        store = new MessageStore(BenchSupport.config(dir));
        store.start();
    }

    @TearDown(Level.Iteration)
    public void closeStore() {
        long written = store.commitLog().maxOffset();
        long lag = written - store.dispatcher().dispatchedOffset();
        System.out.printf("  [store] %d MB appended, dispatcher %d MB behind at the end, %d force(s)%n",
                written >> 20, lag >> 20, store.flusher().forceCount());
        try {
            store.shutdown();
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }

    /** One producer thread: its own reusable draft, its own position in the queue rotation and key pool. */
    @State(Scope.Thread)
    public static class Producer {
        private MessageDraft draft;
        private String[] properties;
        private int queues;
        private int nextQueue;
        private int nextProperties;

        @Setup(Level.Trial)
        public void prepare(AppendBenchmark bench, ThreadParams thread) {
            properties = bench.properties;
            queues = bench.queues;
            nextQueue = thread.getThreadIndex() % queues;
            nextProperties = thread.getThreadIndex() * (BenchSupport.PROPERTY_POOL_SIZE / thread.getThreadCount());
            draft = BenchSupport.draft(BenchSupport.TOPIC, nextQueue, bench.body, properties[nextProperties]);
        }

        AppendResult append(MessageStore store) {
            int queue = nextQueue;
            nextQueue = queue + 1 == queues ? 0 : queue + 1;
            int p = nextProperties;
            nextProperties = (p + 1) & (BenchSupport.PROPERTY_POOL_SIZE - 1);
            draft.queueId(queue).properties(properties[p]).bornTimestamp(System.currentTimeMillis());
            AppendResult result = store.append(draft);
            if (result.status() != AppendStatus.PUT_OK) {
                throw new IllegalStateException("append failed: " + result.status() + " " + result.error());
            }
            return result;
        }
    }

    @Benchmark
    @Threads(1)
    public AppendResult append1Thread(Producer producer) {
        return producer.append(store);
    }

    @Benchmark
    @Threads(16)
    public AppendResult append16Threads(Producer producer) {
        return producer.append(store);
    }
}
