package io.msgframe.client.consumer;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded set of recently seen keys for {@link IdempotentFilter}: at most {@code maxKeys}, the least recently
 * seen evicted first (LRU), and — if a time to live is given — none older than it. Thread-safe; memory is bounded
 * by {@code maxKeys}.
 */
public final class RecentKeys {
    private final int maxKeys;
    private final long ttlMs;
    private final Clock clock;
    private final LinkedHashMap<String, Long> keys = new LinkedHashMap<>(16, 0.75f, true);

    private RecentKeys(int maxKeys, Duration ttl, Clock clock) {
        if (maxKeys <= 0) {
            throw new IllegalArgumentException("maxKeys must be positive, got " + maxKeys);
        }
        this.maxKeys = maxKeys;
        this.ttlMs = ttl == null ? Long.MAX_VALUE : ttl.toMillis();
        this.clock = clock;
    }

    /** The last {@code maxKeys} keys, least recently seen evicted first. */
    public static RecentKeys lastN(int maxKeys) {
        return new RecentKeys(maxKeys, null, Clock.systemUTC());
    }

    /** At most {@code maxKeys} keys, each forgotten {@code ttl} after it was last seen. */
    public static RecentKeys within(Duration ttl, int maxKeys, Clock clock) {
        return new RecentKeys(maxKeys, ttl, clock);
    }

    /** Records {@code key}; true when it was not among the recent keys. */
    public synchronized boolean add(String key) {
        long now = clock.millis();
        expire(now);
        Long previous = keys.put(key, now);
        if (keys.size() > maxKeys) {
            Iterator<String> eldest = keys.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return previous == null;
    }

    public synchronized boolean contains(String key) {
        expire(clock.millis());
        return keys.containsKey(key);
    }

    public synchronized int size() {
        return keys.size();
    }

    private void expire(long now) {
        if (ttlMs == Long.MAX_VALUE) {
            return;
        }
        Iterator<Map.Entry<String, Long>> it = keys.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> eldest = it.next();
            if (now - eldest.getValue() < ttlMs) {
                return; // access order: the rest were seen later
            }
            it.remove();
        }
    }
}
