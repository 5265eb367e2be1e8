package io.msgframe.client.producer;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Latency-based fault avoidance, after RocketMQ's {@code LatencyFaultTolerance}: each send records how long a
 * broker took; a slow answer makes the broker "not available" for a while (the slower, the longer), and a failed
 * request (timeout, connection) for {@code failureBackoffMs}. Producers prefer available brokers, and try a backed
 * off broker again once its time is up. Time comes from an injected clock.
 *
 * <p>Latency steps (ms) and the pause they earn, RocketMQ 5.x's table: &lt;550 none, ≥550 2 s, ≥1800 5 s,
 * ≥3000 6 s, ≥5000 10 s, ≥15000 30 s.
 */
public final class LatencyFaultTable {
    private static final long[] LATENCY_STEPS_MS = {15_000, 5_000, 3_000, 1_800, 550};
    private static final long[] PAUSE_MS = {30_000, 10_000, 6_000, 5_000, 2_000};

    private final Clock clock;
    private final long failureBackoffMs;
    /** Broker name → clock millis before which it is not available. */
    private final ConcurrentHashMap<String, Long> unavailableUntil = new ConcurrentHashMap<>();

    public LatencyFaultTable(Clock clock, long failureBackoffMs) {
        this.clock = clock;
        this.failureBackoffMs = failureBackoffMs;
    }

    /** A request to {@code brokerName} was answered after {@code latencyMs}. */
    public void recordLatency(String brokerName, long latencyMs) {
        long pause = pauseFor(latencyMs);
        if (pause == 0) {
            unavailableUntil.remove(brokerName);
        } else {
            unavailableUntil.put(brokerName, clock.millis() + pause);
        }
    }

    /** A request to {@code brokerName} failed in transport: back off for {@code failureBackoffMs}. */
    public void recordFailure(String brokerName) {
        unavailableUntil.put(brokerName, clock.millis() + failureBackoffMs);
    }

    public boolean isAvailable(String brokerName) {
        Long until = unavailableUntil.get(brokerName);
        return until == null || clock.millis() >= until;
    }

    static long pauseFor(long latencyMs) {
        for (int i = 0; i < LATENCY_STEPS_MS.length; i++) {
            if (latencyMs >= LATENCY_STEPS_MS[i]) {
                return PAUSE_MS[i];
            }
        }
        return 0;
    }
}
