package io.msgframe.store.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Creates the next file of a log in the background, so the writer rolling over does not wait for the file
 * system: when the writer asks for file N, file N+1 is already being made.
 */
public final class SegmentAllocator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SegmentAllocator.class);

    private final ExecutorService executor;
    private final boolean warm;
    private Path pendingPath;
    private CompletableFuture<MappedSegment> pending;

    public SegmentAllocator(String threadName) {
        this(threadName, false);
    }

    /** @param warm pre-fault the pages of each new file in the background (see {@link MappedSegment#warm}) */
    public SegmentAllocator(String threadName, boolean warm) {
        this.warm = warm;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** The file for {@code startOffset}, taken from the background if ready; then starts the next one. */
    public synchronized MappedSegment obtain(Path dir, long startOffset, int size) {
        Path path = dir.resolve(MappedSegment.fileName(startOffset));
        MappedSegment segment = null;
        if (pending != null && path.equals(pendingPath)) {
            try {
                segment = pending.get();
                segment.stopWarming();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                log.warn("background creation of {} failed, creating it now", path, e.getCause());
            }
        } else if (pending != null) {
            pending.thenAccept(unused -> {
                unused.stopWarming();
                unused.close();
            });
        }
        pending = null;
        if (segment == null) {
            segment = MappedSegment.create(dir, startOffset, size);
        }
        long next = startOffset + size;
        pendingPath = dir.resolve(MappedSegment.fileName(next));
        Path nextPath = pendingPath;
        pending = CompletableFuture.supplyAsync(() -> {
            boolean fresh = Files.notExists(nextPath);
            MappedSegment created = MappedSegment.create(dir, next, size);
            if (fresh && warm) {
                executor.execute(created::warm);
            }
            return created;
        }, executor);
        return segment;
    }

    /** Stops the thread; a file made ahead and never used is removed again. */
    @Override
    public synchronized void close() {
        if (pending != null) {
            try {
                MappedSegment unused = pending.get();
                unused.stopWarming();
                unused.destroy(0, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                log.debug("unused pre-allocated file was never created", e.getCause());
            }
            pending = null;
        }
        executor.shutdown();
    }
}
