package io.msgframe.bench;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.store.MessageStore;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import io.msgframe.store.flush.GroupCommitFlusher;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Appends with {@code flushMode=SYNC}: each of 16 producer threads waits until its message is forced to disk,
 * and the group-commit flusher serves every waiting append with one force. 1 KiB bodies, 8 queues of one topic.
 *
 * <p>Results: ops/s = acknowledged (durable) appends per second; secondary results (JMH aux counters,
 * store-wide): {@code forces} = forces per second, {@code flushedRequests} = appends completed by a group
 * commit per second, so messages per force = flushedRequests / forces (GroupCommitFlusher's
 * flushedRequestCount() / forceCount()); {@code flushTimeouts} = appends answered FLUSH_DISK_TIMEOUT (total).
 * Messages per force is also printed after every iteration, and over all measurement iterations at the end.
 *
 * <p>Sync flush writes little (the force, not the copy, is the bottleneck), so one store serves the trial.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class SyncFlushAppendBenchmark {

    @Param({"1024"})
    public int bodySize;

    @Param({"8"})
    public int queues;

    /** Pre-fault the pages of files made ahead (StoreConfig warmSegments); false shows what it saves. */
    @Param({"true"})
    public String warm;

    /**
     * 64 MiB files roll every few seconds, so the run measures the steady state of a broker whose next file was
     * made (and warmed) ahead, not only the first, cold file of a new store.
     */
    @Param({"67108864"})
    public int segmentBytes;

    private MessageStore store;
    private GroupCommitFlusher flusher;
    private Path dir;
    private ByteBuffer body;
    private String[] properties;

    private final LongAdder timeouts = new LongAdder();
    private long forcesAtStart;
    private long requestsAtStart;
    private long measuredForces;
    private long measuredRequests;

    @Setup(Level.Trial)
    public void openStore() {
        body = ByteBuffer.wrap(BenchSupport.body(bodySize));
        properties = BenchSupport.propertyPool();
        dir = BenchSupport.newStoreDir("msgframe-syncflush-");
        store = new MessageStore(BenchSupport.config(dir, "flushMode", "SYNC", "warmSegments", warm,
                "commitLogSegmentBytes", Integer.toString(segmentBytes)));
        store.start();
        flusher = (GroupCommitFlusher) store.flusher();
    }

    @TearDown(Level.Trial)
    public void closeStore() {
        System.out.printf("%n  [group commit] measurement iterations: forces=%d flushedRequests=%d messages/force=%.2f%n",
                measuredForces, measuredRequests, ratio(measuredRequests, measuredForces));
        try {
            store.shutdown();
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }

    @Setup(Level.Iteration)
    public void markIteration() {
        forcesAtStart = flusher.forceCount();
        requestsAtStart = flusher.flushedRequestCount();
        timeouts.reset();
    }

    @TearDown(Level.Iteration)
    public void printIteration(IterationParams iteration) {
        long forces = flusher.forceCount() - forcesAtStart;
        long requests = flusher.flushedRequestCount() - requestsAtStart;
        if (iteration.getType() == IterationType.MEASUREMENT) {
            measuredForces += forces;
            measuredRequests += requests;
        }
        System.out.printf("  [group commit] forces=%d flushedRequests=%d messages/force=%.2f flushTimeouts=%d%n",
                forces, requests, ratio(requests, forces), timeouts.sum());
    }

    private static double ratio(long requests, long forces) {
        return forces == 0 ? 0.0 : (double) requests / forces;
    }

    /** One producer thread. */
    @State(Scope.Thread)
    public static class Producer {
        private MessageDraft draft;
        private String[] properties;
        private int queues;
        private int nextQueue;
        private int nextProperties;

        @Setup(Level.Trial)
        public void prepare(SyncFlushAppendBenchmark bench, ThreadParams thread) {
            properties = bench.properties;
            queues = bench.queues;
            nextQueue = thread.getThreadIndex() % queues;
            nextProperties = thread.getThreadIndex() * (BenchSupport.PROPERTY_POOL_SIZE / thread.getThreadCount());
            draft = BenchSupport.draft(BenchSupport.TOPIC, nextQueue, bench.body, properties[nextProperties]);
        }
    }

    /**
     * Group-commit rates of the iteration, reported once (by thread 0) so that JMH's sum over threads is the
     * store-wide figure. OPERATIONS counters are divided by the iteration time and averaged over iterations,
     * so messages per force = {@code flushedRequests / forces} of the results.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class GroupCommit {
        private SyncFlushAppendBenchmark bench;
        private boolean reporter;

        @Setup(Level.Trial)
        public void prepare(SyncFlushAppendBenchmark bench, ThreadParams thread) {
            this.bench = bench;
            this.reporter = thread.getThreadIndex() == 0;
        }

        /** Forces per second. */
        public long forces() {
            return reporter ? bench.flusher.forceCount() - bench.forcesAtStart : 0;
        }

        /** Appends made durable by a group commit per second (appends already flushed did not wait). */
        public long flushedRequests() {
            return reporter ? bench.flusher.flushedRequestCount() - bench.requestsAtStart : 0;
        }
    }

    /** Appends answered FLUSH_DISK_TIMEOUT: an EVENTS counter, summed over threads and iterations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Timeouts {
        private SyncFlushAppendBenchmark bench;
        private boolean reporter;

        @Setup(Level.Trial)
        public void prepare(SyncFlushAppendBenchmark bench, ThreadParams thread) {
            this.bench = bench;
            this.reporter = thread.getThreadIndex() == 0;
        }

        public long flushTimeouts() {
            return reporter ? bench.timeouts.sum() : 0;
        }
    }

    @Benchmark
    @Threads(16)
    public AppendResult syncAppend16Threads(Producer p, GroupCommit groupCommit, Timeouts timeoutCounter) {
        int queue = p.nextQueue;
        p.nextQueue = queue + 1 == p.queues ? 0 : queue + 1;
        int i = p.nextProperties;
        p.nextProperties = (i + 1) & (BenchSupport.PROPERTY_POOL_SIZE - 1);
        p.draft.queueId(queue).properties(p.properties[i]).bornTimestamp(System.currentTimeMillis());
        AppendResult result = store.append(p.draft);
        if (result.status() != AppendStatus.PUT_OK) {
            if (result.status() != AppendStatus.FLUSH_DISK_TIMEOUT) {
                throw new IllegalStateException("append failed: " + result.status() + " " + result.error());
            }
            timeouts.increment();
        }
        return result;
    }
}
