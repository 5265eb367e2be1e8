package io.msgframe.broker.stats;

/**
 * Counts events per second over the last {@value #SLOTS} seconds, for TPS over 10 s, 60 s and 600 s windows.
 * One slot per second in a ring; a slot is reset when its second comes round again.
 */
public final class RateCounter {
    static final int SLOTS = 601;

    private final long[] counts = new long[SLOTS];
    private final long[] secondOf = new long[SLOTS];
    private long total;

    public synchronized void add(long events, long nowMs) {
        long second = nowMs / 1000;
        int slot = (int) (second % SLOTS);
        if (secondOf[slot] != second) {
            secondOf[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += events;
        total += events;
    }

    /** Events per second over the {@code windowSeconds} whole seconds before the current one. */
    public synchronized double tps(int windowSeconds, long nowMs) {
        int window = Math.min(windowSeconds, SLOTS - 1);
        long current = nowMs / 1000;
        long sum = 0;
        for (long second = current - window; second < current; second++) {
            int slot = Math.floorMod(second, SLOTS);
            if (secondOf[slot] == second) {
                sum += counts[slot];
            }
        }
        return (double) sum / window;
    }

    /** Events since start. */
    public synchronized long total() {
        return total;
    }
}
