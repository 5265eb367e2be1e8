package io.msgframe.store.commitlog;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The next consume-queue offset of every (topic, queueId): assigned by the commit log's writer under its
 * lock, so offsets follow commit-log order. Not thread-safe; the commit log guards it.
 */
final class QueueOffsetTable {
    private final Map<String, long[]> byTopic = new HashMap<>();

    /** Returns the next offset of the queue and advances it by {@code count}. */
    long advance(String topic, int queueId, int count) {
        long[] next = slots(topic, queueId);
        long offset = next[queueId];
        next[queueId] = offset + count;
        return offset;
    }

    long peek(String topic, int queueId) {
        long[] next = byTopic.get(topic);
        return next == null || queueId >= next.length ? 0 : next[queueId];
    }

    void set(String topic, int queueId, long nextOffset) {
        slots(topic, queueId)[queueId] = nextOffset;
    }

    void remove(String topic) {
        byTopic.remove(topic);
    }

    /** "topic/queueId" → next offset, for checkpoints and tests. */
    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        byTopic.forEach((topic, next) -> {
            for (int q = 0; q < next.length; q++) {
                if (next[q] > 0) {
                    copy.put(topic + "/" + q, next[q]);
                }
            }
        });
        return copy;
    }

    private long[] slots(String topic, int queueId) {
        long[] next = byTopic.get(topic);
        if (next == null || queueId >= next.length) {
            long[] grown = new long[Math.max(queueId + 1, next == null ? 8 : next.length * 2)];
            if (next != null) {
                System.arraycopy(next, 0, grown, 0, next.length);
            }
            byTopic.put(topic, grown);
            next = grown;
        }
        return next;
    }
}
