package io.msgframe.store.flush;

import io.msgframe.store.ServiceThread;
import io.msgframe.store.file.SegmentedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sync flush with group commit: an appender that must wait enqueues its end offset; this thread takes every
 * waiting request at once, forces the log up to everything written at that moment (which covers them all,
 * and any append that slipped in meanwhile) and completes them. One force serves as many appends as arrived
 * during the previous force, so durability costs latency, not throughput.
 */
public final class GroupCommitFlusher implements CommitLogFlusher, Runnable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitFlusher.class);
    private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(Boolean.TRUE);

    private record Request(long endOffset, CompletableFuture<Boolean> done) {
    }

    private final SegmentedLog commitLog;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final ServiceThread thread;
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong flushedRequests = new AtomicLong();
    private volatile boolean parked;
    private volatile boolean closed;

    public GroupCommitFlusher(SegmentedLog commitLog) {
        this.commitLog = commitLog;
        this.thread = new ServiceThread("msgframe-group-commit", this);
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public CompletableFuture<Boolean> afterAppend(long endOffset, boolean waitForFlush) {
        if (!waitForFlush) {
            return DONE;
        }
        if (commitLog.flushedOffset() >= endOffset) {
            return DONE;
        }
        if (closed) {
            // stopping: the thread may be gone already, so nobody else would complete this request
            return CompletableFuture.completedFuture(commitLog.flush(0) >= endOffset);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        requests.add(new Request(endOffset, done));
        if (parked) {
            thread.wakeUp();
        }
        if (closed && requests.remove(new Request(endOffset, done))) {
            return CompletableFuture.completedFuture(commitLog.flush(0) >= endOffset);
        }
        return done;
    }

    @Override
    public long forceCount() {
        return forces.get();
    }

    /** Appends made durable by this flusher: divided by {@link #forceCount()}, the group-commit ratio. */
    public long flushedRequestCount() {
        return flushedRequests.get();
    }

    @Override
    public void run() {
        List<Request> batch = new ArrayList<>();
        while (thread.isRunning() || !requests.isEmpty()) {
            Request r = requests.poll();
            if (r == null) {
                parked = true;
                if (requests.isEmpty() && thread.isRunning()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
                parked = false;
                continue;
            }
            batch.add(r);
            while ((r = requests.poll()) != null) {
                batch.add(r);
            }
            flushAndComplete(batch);
            batch.clear();
        }
    }

    private void flushAndComplete(List<Request> batch) {
        long flushed;
        try {
            flushed = commitLog.flush(0);
            forces.incrementAndGet();
        } catch (RuntimeException e) {
            log.error("sync flush failed; {} append(s) will not be acknowledged as stored", batch.size(), e);
            for (Request request : batch) {
                request.done.complete(Boolean.FALSE);
            }
            return;
        }
        flushedRequests.addAndGet(batch.size());
        for (Request request : batch) {
            request.done.complete(flushed >= request.endOffset);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.stop(10_000);
        commitLog.flush(0);
    }
}
