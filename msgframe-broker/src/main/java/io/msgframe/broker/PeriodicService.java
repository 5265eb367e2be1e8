package io.msgframe.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run on its own named thread every {@code periodMs} (fixed delay, so a slow run never piles up). A
 * failing run is logged and the next one goes ahead: background duties must not die silently.
 */
public final class PeriodicService {
    private static final Logger log = LoggerFactory.getLogger(PeriodicService.class);

    private final String threadName;
    private final long initialDelayMs;
    private final long periodMs;
    private final Runnable task;
    private ScheduledExecutorService scheduler;

    public PeriodicService(String threadName, long initialDelayMs, long periodMs, Runnable task) {
        this.threadName = threadName;
        this.initialDelayMs = initialDelayMs;
        this.periodMs = periodMs;
        this.task = task;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::runOnce, initialDelayMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Stops scheduling and waits for a run in progress (up to 10 s). Idempotent. */
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("{} did not finish its run in 10 s; interrupting it", threadName);
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    private void runOnce() {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("{}: periodic run failed; trying again in {} ms", threadName, periodMs, e);
        }
    }
}
