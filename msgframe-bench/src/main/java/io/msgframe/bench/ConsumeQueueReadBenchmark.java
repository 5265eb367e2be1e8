package io.msgframe.bench;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.store.MessageStore;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import io.msgframe.store.read.GetMessageResult;
import io.msgframe.store.read.GetMessageStatus;
import io.msgframe.store.read.MessageFilter;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Pull reads of one hot queue: {@code MessageStore.getMessages(group, topic, 0, offset, 32, ALL)} walking the
 * queue's offsets round robin (each reader thread from its own starting point), each result closed as a
 * broker closes it once the records are sent. The records are not touched beyond the store's own checks, as
 * with a zero-copy send.
 *
 * <p>Setup (per trial, not measured): a fresh store (defaults: 1 GiB files, async flush) gets {@code messages}
 * 1 KiB messages in queue 0 of one topic (1,000,000 = about 1.1 GB), waits for the dispatcher and for the
 * flusher, so no write-back runs during the measurement. The data is in the page cache.
 *
 * <p>Result: ops/s = messages read per second ({@code @OperationsPerInvocation(32)}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class ConsumeQueueReadBenchmark {
    public static final int BATCH = 32;
    static final String TOPIC = "ReadTopic";
    static final String GROUP = "bench-consumer";

    /** Messages in the queue; a multiple of 32 keeps every read full. */
    @Param({"1000000"})
    public int messages;

    @Param({"1024"})
    public int bodySize;

    private MessageStore store;
    private Path dir;

    @Setup(Level.Trial)
    public void fill() throws InterruptedException {
        if (messages % BATCH != 0) {
            throw new IllegalArgumentException("messages must be a multiple of " + BATCH);
        }
        dir = BenchSupport.newStoreDir("msgframe-read-");
        store = new MessageStore(BenchSupport.config(dir));
        store.start();
        long began = System.nanoTime();
        MessageDraft draft = BenchSupport.draft(TOPIC, 0, ByteBuffer.wrap(BenchSupport.body(bodySize)), "");
        String[] properties = BenchSupport.propertyPool();
        for (int i = 0; i < messages; i++) {
            draft.properties(properties[i & (BenchSupport.PROPERTY_POOL_SIZE - 1)])
                    .bornTimestamp(System.currentTimeMillis());
            AppendResult result = store.append(draft);
            if (result.status() != AppendStatus.PUT_OK) {
                throw new IllegalStateException("append failed: " + result.status() + " " + result.error());
            }
        }
        store.awaitDispatched(300_000);
        long end = store.commitLog().maxOffset();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (store.commitLog().segments().flushedOffset() < end && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (store.maxOffset(TOPIC, 0) != messages) {
            throw new IllegalStateException("queue holds " + store.maxOffset(TOPIC, 0) + " messages");
        }
        System.out.printf("  [prefill] %d messages, %d bytes of commit log in %.1f s%n", messages, end,
                (System.nanoTime() - began) / 1e9);
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            store.shutdown();
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }

    /** One consumer thread's position in the queue. */
    @State(Scope.Thread)
    public static class Cursor {
        long offset;
        long max;

        @Setup(Level.Trial)
        public void start(ConsumeQueueReadBenchmark bench, ThreadParams thread) {
            max = bench.messages;
            long stride = max / thread.getThreadCount() / BATCH * BATCH;
            offset = thread.getThreadIndex() * stride;
        }
    }

    private int read(Cursor cursor) {
        try (GetMessageResult result = store.getMessages(GROUP, TOPIC, 0, cursor.offset, BATCH, MessageFilter.ALL)) {
            if (result.status() != GetMessageStatus.FOUND) {
                throw new IllegalStateException("read at " + cursor.offset + ": " + result.status());
            }
            long next = result.nextBeginOffset();
            cursor.offset = next >= cursor.max ? 0 : next;
            return result.messageCount();
        }
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public int getMessages1Thread(Cursor cursor) {
        return read(cursor);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public int getMessages2Threads(Cursor cursor) {
        return read(cursor);
    }
}
