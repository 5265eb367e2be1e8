package io.msgframe.bench;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import io.msgframe.store.commitlog.CommitLog;
import io.msgframe.store.config.StoreConfig;
import io.msgframe.store.dispatch.DispatchRequest;
import io.msgframe.store.dispatch.Dispatcher;
import io.msgframe.store.file.SegmentedLog;
import io.msgframe.store.flush.CommitLogFlusher;
import io.msgframe.store.index.IndexService;
import io.msgframe.store.queue.ConsumeQueueTable;
import io.msgframe.store.recovery.Quarantine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher alone: how fast {@link Dispatcher#dispatchAvailable()} turns commit-log records into
 * consume-queue entries and index entries, with the same two listeners as {@code MessageStore} (consume queue
 * put, index put of UNIQ_KEY/KEYS; copied from its private {@code toConsumeQueue} / {@code toIndex}).
 *
 * <p>Each invocation first appends {@value #BATCH} messages (1 KiB, 8 queues of one topic, a distinct
 * UNIQ_KEY each) to the commit log, outside the measurement, then measures one {@code dispatchAvailable()}
 * call that dispatches exactly them. Consume queues and the index live for the whole trial, so the figure is
 * the steady state of a growing store (new consume-queue and index pages are touched at the real rate), not
 * of an empty one. The records are hot in the page cache, as they are behind a live writer. Commit-log files
 * (256 MiB here) are deleted once dispatched, so disk use stays around 0.5 GiB.
 *
 * <p>Result: ops/s = records dispatched per second ({@code @OperationsPerInvocation(BATCH)}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class DispatchBenchmark {
    /** Records dispatched per invocation. */
    public static final int BATCH = 100_000;

    @Param({"1024"})
    public int bodySize;

    @Param({"8"})
    public int queues;

    private Path dir;
    private SegmentedLog segments;
    private CommitLog commitLog;
    private ConsumeQueueTable consumeQueues;
    private IndexService index;
    private Dispatcher dispatcher;
    private MessageDraft draft;
    private long appended;
    private int lastDispatched;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long allocatedBytes;
    private long dispatchedRecords;

    /** Appends are acknowledged at once: nothing is forced (the files are deleted once dispatched). */
    private static final class NoFlush implements CommitLogFlusher {
        private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(Boolean.TRUE);

        @Override
        public void start() {
        }

        @Override
        public CompletableFuture<Boolean> afterAppend(long endOffset, boolean waitForFlush) {
            return DONE;
        }

        @Override
        public long forceCount() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    @Setup(Level.Trial)
    public void open() {
        dir = BenchSupport.newStoreDir("msgframe-dispatch-");
        StoreConfig config = BenchSupport.config(dir, "commitLogSegmentBytes", Integer.toString(256 * BenchSupport.MIB));
        Clock clock = Clock.systemDefaultZone();
        segments = new SegmentedLog(config.commitLogDir(), config.commitLogSegmentBytes(), null);
        commitLog = new CommitLog(segments, config.get(StoreConfig.MAX_MESSAGE_BYTES), clock);
        commitLog.start(new NoFlush(), () -> true, () -> { });
        consumeQueues = new ConsumeQueueTable(config.consumeQueueDir(), config.consumeQueueSegmentBytes());
        index = new IndexService(config.indexDir(), config.get(StoreConfig.INDEX_HASH_SLOTS),
                config.get(StoreConfig.INDEX_ENTRIES), clock);
        index.load();
        Quarantine quarantine = new Quarantine(config.quarantineFile());
        dispatcher = new Dispatcher(commitLog, quarantine);
        // The listeners of MessageStore, in its order.
        dispatcher.addListener(this::toConsumeQueue);
        dispatcher.addListener(this::toIndex);
        dispatcher.setDispatchedOffset(0);
        draft = BenchSupport.draft(BenchSupport.TOPIC, 0, ByteBuffer.wrap(BenchSupport.body(bodySize)), "");
    }

    private void toConsumeQueue(DispatchRequest r) {
        if (SysFlag.isDispatchedToConsumeQueue(r.sysFlag())) {
            consumeQueues.findOrCreate(r.topic(), r.queueId()).put(r.queueOffset(), r.physicalOffset(), r.size(),
                    r.tagsCode());
        }
    }

    private void toIndex(DispatchRequest r) {
        if (SysFlag.transactionType(r.sysFlag()) != SysFlag.TRANSACTION_ROLLBACK_TYPE) {
            index.put(r.topic(), r.property(PropertyKeys.UNIQ_KEY), r.property(PropertyKeys.KEYS),
                    r.physicalOffset(), r.storeTimestamp());
        }
    }

    /** Not measured: the writer appends the batch the measured call will dispatch. */
    @Setup(Level.Invocation)
    public void appendBatch() {
        for (int i = 0; i < BATCH; i++) {
            long n = appended++;
            draft.queueId((int) (n % queues)).properties(BenchSupport.properties(n))
                    .bornTimestamp(System.currentTimeMillis());
            AppendResult result = commitLog.append(draft);
            if (result.status() != AppendStatus.PUT_OK) {
                throw new IllegalStateException("append failed: " + result.status() + " " + result.error());
            }
        }
    }

    /** Not measured: checks the batch was dispatched whole, then drops commit-log files wholly dispatched. */
    @TearDown(Level.Invocation)
    public void retire() {
        if (lastDispatched != BATCH) {
            throw new IllegalStateException("dispatched " + lastDispatched + " records, expected " + BATCH);
        }
        while (segments.segments().size() > 1 && segments.first().endOffset() <= dispatcher.dispatchedOffset()) {
            segments.removeFirst(0, 0);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            consumeQueues.closeAll();
            index.close();
            segments.close();
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }

    @Setup(Level.Iteration)
    public void resetAllocation() {
        allocatedBytes = 0;
        dispatchedRecords = 0;
    }

    @TearDown(Level.Iteration)
    public void printAllocation() {
        System.out.printf("  [dispatch] %d records, %.0f bytes allocated per record by the dispatching thread%n",
                dispatchedRecords, dispatchedRecords == 0 ? 0.0 : (double) allocatedBytes / dispatchedRecords);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int dispatch() {
        long before = threads.getCurrentThreadAllocatedBytes();
        int n = dispatcher.dispatchAvailable();
        allocatedBytes += threads.getCurrentThreadAllocatedBytes() - before;
        dispatchedRecords += n;
        lastDispatched = n;
        return n;
    }
}
