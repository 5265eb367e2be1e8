package io.msgframe.remoting;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Executors for request processors: one bounded pool per kind of request (send, pull, admin, heartbeat …), so a
 * flood of one kind queues behind its own limit. A full queue rejects, which the server answers with SYSTEM_BUSY
 * instead of letting the backlog grow without bound.
 */
public final class RemotingExecutors {

    private RemotingExecutors() {
    }

    /**
     * A fixed pool of {@code threads} named {@code msgframe-<kind>-N} with a queue of at most {@code queueCapacity}
     * waiting tasks; beyond that {@code execute} throws {@link java.util.concurrent.RejectedExecutionException}.
     */
    public static ThreadPoolExecutor bounded(String kind, int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("executor '" + kind + "' needs at least one thread and queue slot, got "
                    + threads + " threads and capacity " + queueCapacity);
        }
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueCapacity), new NamedThreadFactory("msgframe-" + kind, true),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Stops taking tasks, lets queued ones finish for up to {@code timeout}, then interrupts the rest. */
    public static boolean shutdown(ExecutorService executor, Duration timeout) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        return false;
    }
}
