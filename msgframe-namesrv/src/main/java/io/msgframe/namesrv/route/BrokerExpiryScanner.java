package io.msgframe.namesrv.route;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Drops brokers that stopped registering (reference §2.4.1 "Liveness"): every {@code intervalMs} on the thread
 * {@value #THREAD_NAME}, asks the registry for expired brokers, logs each and closes its connection.
 */
public final class BrokerExpiryScanner {
    public static final String THREAD_NAME = "msgframe-namesrv-scan";
    private static final Logger log = LoggerFactory.getLogger(BrokerExpiryScanner.class);

    private final RouteRegistry registry;
    private final Clock clock;
    private final long intervalMs;
    private ScheduledExecutorService timer;

    public BrokerExpiryScanner(RouteRegistry registry, Clock clock, long intervalMs) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("scan interval must be positive, got " + intervalMs);
        }
        this.registry = registry;
        this.clock = clock;
        this.intervalMs = intervalMs;
    }

    public synchronized void start() {
        if (timer != null) {
            throw new IllegalStateException("the broker expiry scanner starts once");
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer = executor;
        timer.scheduleWithFixedDelay(this::scanOnce, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** One scan; runs on the scan thread, and directly in tests. */
    public void scanOnce() {
        try {
            List<LiveBroker> expired = registry.removeExpired();
            long now = clock.millis();
            for (LiveBroker broker : expired) {
                log.warn("Broker {} id {} of cluster {} at {} silent for {} ms: removed with its routes",
                        broker.brokerName(), broker.brokerId(), broker.clusterName(), broker.brokerAddr(),
                        now - broker.lastUpdateMs());
                if (broker.channel() != null) {
                    broker.channel().close();
                }
            }
        } catch (RuntimeException e) {
            log.error("Broker expiry scan failed; the next one runs in {} ms", intervalMs, e);
        }
    }

    public synchronized void stop() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("The broker expiry scan thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
