package io.msgframe.store.flush;

import io.msgframe.store.ServiceThread;
import io.msgframe.store.file.SegmentedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Async flush: appends are acknowledged once in the page cache; this thread forces dirty pages every
 * {@code intervalMs} when at least {@code minPages} are dirty, and everything at least every
 * {@code thoroughIntervalMs}. A process crash loses nothing; a machine crash may lose the last interval.
 */
public final class AsyncFlusher implements CommitLogFlusher, Runnable {
    private static final Logger log = LoggerFactory.getLogger(AsyncFlusher.class);
    private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(Boolean.TRUE);

    private final SegmentedLog commitLog;
    private final int intervalMs;
    private final int minPages;
    private final int thoroughIntervalMs;
    private final Clock clock;
    private final ServiceThread thread;
    private final AtomicLong forces = new AtomicLong();
    private long lastThoroughMs;

    public AsyncFlusher(SegmentedLog commitLog, int intervalMs, int minPages, int thoroughIntervalMs, Clock clock) {
        this.commitLog = commitLog;
        this.intervalMs = intervalMs;
        this.minPages = minPages;
        this.thoroughIntervalMs = thoroughIntervalMs;
        this.clock = clock;
        this.thread = new ServiceThread("msgframe-commitlog-flusher", this);
    }

    @Override
    public void start() {
        lastThoroughMs = clock.millis();
        thread.start();
    }

    @Override
    public CompletableFuture<Boolean> afterAppend(long endOffset, boolean waitForFlush) {
        return DONE;
    }

    @Override
    public boolean waitsForFlush() {
        return false;
    }

    @Override
    public long forceCount() {
        return forces.get();
    }

    @Override
    public void run() {
        while (thread.isRunning()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(intervalMs));
            try {
                long now = clock.millis();
                int pages = minPages;
                if (now - lastThoroughMs >= thoroughIntervalMs) {
                    pages = 0;
                    lastThoroughMs = now;
                }
                flush(pages);
            } catch (RuntimeException e) {
                log.error("commit-log flush failed; will retry", e);
            }
        }
    }

    private void flush(int pages) {
        long before = commitLog.flushedOffset();
        if (commitLog.flush(pages) != before) {
            forces.incrementAndGet();
        }
    }

    @Override
    public void close() {
        thread.stop(10_000);
        flush(0);
    }
}
