package io.msgframe.store.flush;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import io.msgframe.store.commitlog.CommitLog;
import io.msgframe.store.file.SegmentedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCommitFlusherTest {
    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private static MessageDraft noWait(String topic, String body) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(PropertyKeys.WAIT_STORE_MSG_OK, "false");
        return StoreTestSupport.message(topic, 0, body, null, null).properties(MessageProperties.encode(props));
    }

    @Test
    void syncAppendReturnsPutOkOnlyOnceTheFlushedOffsetCoversIt() {
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir, "flushMode", "SYNC"))) {
            store.start();
            assertThat(store.flusher()).isInstanceOf(GroupCommitFlusher.class);
            SegmentedLog segments = store.commitLog().segments();
            for (int i = 0; i < 20; i++) {
                AppendResult r = store.append(StoreTestSupport.message("T", 0, "m" + i, null, null));
                assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
                assertThat(segments.flushedOffset()).isGreaterThanOrEqualTo(r.endOffset());
            }
            assertThat(store.flusher().forceCount()).isPositive();
        }
    }

    @Test
    void groupCommitMakesManyConcurrentAppendsDurableWithEachForce() throws Exception {
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir, "flushMode", "SYNC_FLUSH"))) {
            store.start();
            GroupCommitFlusher flusher = (GroupCommitFlusher) store.flusher();
            SegmentedLog segments = store.commitLog().segments();
            int threads = 16;
            int perThread = 40;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        AppendResult r = store.append(StoreTestSupport.message("T", thread % 4, "m" + i, null, null));
                        assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
                        assertThat(segments.flushedOffset()).isGreaterThanOrEqualTo(r.endOffset());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            long requests = flusher.flushedRequestCount();
            long forces = flusher.forceCount();
            assertThat(requests).isLessThanOrEqualTo((long) threads * perThread).isPositive();
            assertThat(forces).isPositive();
            assertThat((double) requests / forces).as("%d appends made durable by %d forces", requests, forces)
                    .isGreaterThan(1.0);
        }
    }

    /** A commit log wired by hand to a flusher whose thread never runs: nothing is ever forced. */
    private CommitLog commitLogWithStalledFlusher(GroupCommitFlusher[] flusherOut) {
        SegmentedLog segments = new SegmentedLog(dir.resolve("commitlog"), SEGMENT, null);
        CommitLog commitLog = new CommitLog(segments, 4 * 1024 * 1024, Clock.systemUTC());
        GroupCommitFlusher flusher = new GroupCommitFlusher(segments); // not started
        commitLog.start(flusher, () -> true, () -> { });
        flusherOut[0] = flusher;
        return commitLog;
    }

    @Test
    void aFlushThatDoesNotCompleteInTimeGivesFlushDiskTimeoutNeverPutOk() {
        GroupCommitFlusher[] flusher = new GroupCommitFlusher[1];
        CommitLog commitLog = commitLogWithStalledFlusher(flusher);
        commitLog.setSyncFlushTimeoutMs(50);
        try {
            long t0 = System.nanoTime();
            AppendResult r = commitLog.append(StoreTestSupport.message("T", 0, "x", null, null));
            long tookMs = (System.nanoTime() - t0) / 1_000_000;

            assertThat(r.status()).isEqualTo(AppendStatus.FLUSH_DISK_TIMEOUT);
            assertThat(r.status().isWritten()).as("written, durability not confirmed").isTrue();
            assertThat(r.error()).contains("50 ms");
            assertThat(r.physicalOffset()).isZero();
            assertThat(tookMs).isGreaterThanOrEqualTo(40);
            assertThat(commitLog.segments().flushedOffset()).isLessThan(r.endOffset());
            assertThat(commitLog.maxOffset()).isEqualTo(r.endOffset());

            AppendResult batch = commitLog.appendBatch(StoreTestSupport.message("T", 0, "", null, null),
                    batchOf("a", "b"));
            assertThat(batch.status()).isEqualTo(AppendStatus.FLUSH_DISK_TIMEOUT);
            assertThat(batch.messageCount()).isEqualTo(2);
        } finally {
            commitLog.stop();
            flusher[0].close();
            commitLog.segments().close();
        }
    }

    @Test
    void aMessageWithWaitFalseIsAcknowledgedWithoutWaitingForTheFlush() {
        GroupCommitFlusher[] flusher = new GroupCommitFlusher[1];
        CommitLog commitLog = commitLogWithStalledFlusher(flusher);
        commitLog.setSyncFlushTimeoutMs(60_000);
        try {
            CompletableFuture<AppendResult> future = commitLog.appendAsync(noWait("T", "fire and forget"));
            assertThat(future).as("complete at once: nobody waits for the force").isDone();
            AppendResult r = future.join();
            assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
            assertThat(commitLog.segments().flushedOffset()).isLessThan(r.endOffset());

            assertThat(commitLog.appendAsync(StoreTestSupport.message("T", 0, "waits", null, null)))
                    .as("WAIT=true (the default) waits for the stalled flusher").isNotDone();
        } finally {
            commitLog.stop();
            flusher[0].close();
            commitLog.segments().close();
        }
    }

    @Test
    void afterAppendCompletesAtOnceForOffsetsAlreadyFlushedAndOtherwiseAfterTheForce() throws Exception {
        SegmentedLog segments = new SegmentedLog(dir.resolve("log"), SEGMENT, null);
        GroupCommitFlusher flusher = new GroupCommitFlusher(segments);
        try {
            segments.lastOrCreate(0).append(ByteBuffer.allocate(1000));
            assertThat(flusher.afterAppend(1000, false)).isCompletedWithValue(true);

            CompletableFuture<Boolean> pending = flusher.afterAppend(1000, true);
            assertThat(pending).isNotDone();
            flusher.start();
            assertThat(pending.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(segments.flushedOffset()).isEqualTo(1000);
            assertThat(flusher.forceCount()).isEqualTo(1);
            assertThat(flusher.flushedRequestCount()).isEqualTo(1);

            assertThat(flusher.afterAppend(1000, true)).as("already durable").isCompletedWithValue(true);
            assertThat(flusher.afterAppend(500, true)).isCompletedWithValue(true);
        } finally {
            flusher.close();
            segments.close();
        }
    }

    @Test
    void closeCompletesWaitingRequestsAndFlushesEverything() throws Exception {
        SegmentedLog segments = new SegmentedLog(dir.resolve("log"), SEGMENT, null);
        GroupCommitFlusher flusher = new GroupCommitFlusher(segments);
        flusher.start();
        try {
            segments.lastOrCreate(0).append(ByteBuffer.allocate(300));
            CompletableFuture<Boolean> waiting = flusher.afterAppend(300, true);
            segments.last().append(ByteBuffer.allocate(200));
            flusher.close();
            assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(segments.flushedOffset()).isEqualTo(500);
        } finally {
            segments.close();
        }
    }

    private static ByteBuffer batchOf(String... bodies) {
        ByteBuffer dst = ByteBuffer.allocate(4096);
        for (String b : bodies) {
            io.msgframe.protocol.message.BatchBody.writeEntry(dst, 0, ByteBuffer.wrap(b.getBytes()), "");
        }
        return dst.flip();
    }
}
