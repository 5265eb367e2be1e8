package io.msgframe.store.flush;

import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import io.msgframe.store.file.MappedSegment;
import io.msgframe.store.file.SegmentedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncFlusherTest {
    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private SegmentedLog segments;
    private AsyncFlusher flusher;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_000_000);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @AfterEach
    void tearDown() {
        if (flusher != null) {
            flusher.close();
        }
        if (segments != null) {
            segments.close();
        }
    }

    private static void await(String what, LongSupplier actual, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (actual.getAsLong() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " is " + actual.getAsLong() + ", expected " + expected);
            }
            Thread.sleep(1);
        }
    }

    private void write(int bytes) {
        MappedSegment segment = segments.lastOrCreate(0);
        segment.append(ByteBuffer.allocate(bytes));
    }

    @Test
    void appendsAreAcknowledgedAtOnceWhateverTheyAsk() {
        segments = new SegmentedLog(dir, SEGMENT, null);
        flusher = new AsyncFlusher(segments, 10, 4, 10_000, Clock.systemUTC());
        assertThat(flusher.afterAppend(1 << 20, true)).isCompletedWithValue(true);
        assertThat(flusher.afterAppend(1 << 20, false)).isCompletedWithValue(true);
    }

    @Test
    void theFlusherForcesWithinTheIntervalOnceEnoughPagesAreDirty() throws Exception {
        segments = new SegmentedLog(dir, SEGMENT, null);
        flusher = new AsyncFlusher(segments, 10, 4, 3_600_000, new MovableClock());
        flusher.start();

        write(5 * MappedSegment.PAGE_SIZE);
        await("flushed offset", segments::flushedOffset, segments.maxOffset());
        assertThat(flusher.forceCount()).isEqualTo(1);

        write(4 * MappedSegment.PAGE_SIZE);
        await("flushed offset", segments::flushedOffset, segments.maxOffset());
        assertThat(flusher.forceCount()).isEqualTo(2);
    }

    @Test
    void fewerDirtyPagesThanTheMinimumWaitForTheThoroughInterval() throws Exception {
        segments = new SegmentedLog(dir, SEGMENT, null);
        MovableClock clock = new MovableClock();
        flusher = new AsyncFlusher(segments, 5, 4, 1_000, clock);
        flusher.start();

        write(100);
        Thread.sleep(50); // ten intervals: a page short of the minimum is not forced
        assertThat(segments.flushedOffset()).isZero();
        assertThat(flusher.forceCount()).isZero();

        clock.millis.addAndGet(1_000);
        await("flushed offset", segments::flushedOffset, 100);
        assertThat(flusher.forceCount()).isEqualTo(1);
    }

    @Test
    void closeForcesWhatIsLeftEvenBelowTheMinimum() {
        segments = new SegmentedLog(dir, SEGMENT, null);
        flusher = new AsyncFlusher(segments, 60_000, 1000, 3_600_000, Clock.systemUTC());
        flusher.start();
        write(123);
        flusher.close();
        flusher = null;
        assertThat(segments.flushedOffset()).isEqualTo(123);
    }

    @Test
    void inAsyncModeTheStoreFlushedOffsetCatchesUpWithoutAnyoneWaiting() throws Exception {
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir, "flushMode", "ASYNC_FLUSH",
                "flushMinPages", "0"))) {
            store.start();
            assertThat(store.flusher()).isInstanceOf(AsyncFlusher.class);
            AppendResult last = null;
            for (int i = 0; i < 50; i++) {
                last = store.append(StoreTestSupport.message("T", 0, "m" + i, null, null));
                assertThat(last.status()).isEqualTo(AppendStatus.PUT_OK);
            }
            SegmentedLog log = store.commitLog().segments();
            await("flushed offset", log::flushedOffset, last.endOffset());
            assertThat(store.flusher().forceCount()).isPositive();
        }
    }
}
