package io.msgframe.broker.idempotent;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.PropertyKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every (producer id, topic, queue) sequence state of the broker, bounded two ways: a state idle for
 * {@code expiryMs} is dropped by {@link #expire}, and when {@code maxEntries} states exist, making a new one drops
 * the one idle longest (logged: its producer must then restart that queue at sequence 0, which the MsgFrame
 * client does after the error). The states' own monitors order the sends of one key; this table only finds them.
 */
public final class ProducerStateTable {
    /** Appends remembered per key, as Kafka (five in flight per partition). */
    public static final int WINDOW = 5;
    private static final Logger log = LoggerFactory.getLogger(ProducerStateTable.class);

    private final Map<SequenceKey, QueueSequenceState> states = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long expiryMs;
    private final int maxEntries;

    public ProducerStateTable(Clock clock, long expiryMs, int maxEntries) {
        this.clock = clock;
        this.expiryMs = expiryMs;
        this.maxEntries = maxEntries;
    }

    /** The state of a key, made when missing; lock it, then check {@link QueueSequenceState#isRemoved()}. */
    QueueSequenceState stateFor(SequenceKey key) {
        QueueSequenceState state = states.get(key);
        if (state != null) {
            return state;
        }
        if (states.size() >= maxEntries) {
            evictIdlest();
        }
        return states.computeIfAbsent(key, k -> new QueueSequenceState(k, WINDOW, clock.millis()));
    }

    long now() {
        return clock.millis();
    }

    private void evictIdlest() {
        QueueSequenceState idlest = null;
        for (QueueSequenceState state : states.values()) {
            if (idlest == null || state.lastSeenMs() < idlest.lastSeenMs()) {
                idlest = state;
            }
        }
        if (idlest != null && remove(idlest)) {
            log.warn("Producer state table is full ({} entries, producerStateMaxEntries); dropped the idlest, {}",
                    maxEntries, idlest.key());
        }
    }

    private boolean remove(QueueSequenceState state) {
        synchronized (state) {
            if (state.isRemoved()) {
                return false;
            }
            state.markRemoved();
            return states.remove(state.key(), state);
        }
    }

    /** Drops every state idle for {@code expiryMs} or longer; returns how many. */
    public int expire() {
        long now = clock.millis();
        int dropped = 0;
        for (Iterator<QueueSequenceState> it = states.values().iterator(); it.hasNext(); ) {
            QueueSequenceState state = it.next();
            synchronized (state) {
                if (now - state.lastSeenMs() >= expiryMs && !state.isRemoved()) {
                    state.markRemoved();
                    it.remove();
                    dropped++;
                }
            }
        }
        if (dropped > 0) {
            log.info("Expired {} idle producer sequence state(s) (producerStateExpiryMs {})", dropped, expiryMs);
        }
        return dropped;
    }

    public int size() {
        return states.size();
    }

    /** A copy of one state's facts for tests and tools, or null. */
    public Entry find(SequenceKey key) {
        QueueSequenceState state = states.get(key);
        if (state == null) {
            return null;
        }
        synchronized (state) {
            return Entry.of(state);
        }
    }

    // --- snapshot and rebuild -----------------------------------------------------------------------------

    /** One key's state as written in the snapshot file. */
    public record Entry(long producerId, String topic, int queueId, int epoch, int lastSequence, long lastSeenMs,
                        List<AppendedSend> recent) {
        static Entry of(QueueSequenceState state) {
            SequenceKey key = state.key();
            return new Entry(key.producerId(), key.topic(), key.queueId(), state.epoch(), state.lastSequence(),
                    state.lastSeenMs(), state.recent());
        }
    }

    /** Every state, each copied under its monitor. */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(states.size());
        for (QueueSequenceState state : states.values()) {
            synchronized (state) {
                if (!state.isRemoved() && state.epoch() >= 0) {
                    entries.add(Entry.of(state));
                }
            }
        }
        return entries;
    }

    /** Replaces the table with a snapshot's entries (at start, before any send). */
    public void restore(List<Entry> entries) {
        states.clear();
        for (Entry e : entries) {
            QueueSequenceState state = new QueueSequenceState(new SequenceKey(e.producerId(), e.topic(), e.queueId()),
                    WINDOW, e.lastSeenMs());
            state.restore(e.epoch(), e.lastSequence(), e.lastSeenMs(), e.recent() == null ? List.of() : e.recent());
            states.put(state.key(), state);
        }
    }

    /**
     * Rebuilds from one stored record: a record carrying a producer id advances its key's state (see
     * {@link QueueSequenceState#replay}). A record parked by a broker service (delay, transaction) counts for the
     * queue it was sent to ({@code REAL_TOPIC} / {@code REAL_QID}).
     *
     * @return true when the record was a sequenced one
     */
    public boolean replay(MessageRecord record, long physicalOffset) {
        Map<String, String> properties = record.properties();
        String pid = properties.get(PropertyKeys.PRODUCER_ID);
        if (pid == null) {
            return false;
        }
        ProducerSequence sequence;
        try {
            sequence = ProducerSequence.parse(record.propertiesString());
        } catch (RuntimeException e) {
            log.warn("Ignoring the producer sequence of the record at commit-log offset {}: {}", physicalOffset,
                    e.getMessage());
            return false;
        }
        String topic = properties.getOrDefault(PropertyKeys.REAL_TOPIC, record.topic());
        int queueId = record.queueId();
        String realQueue = properties.get(PropertyKeys.REAL_QUEUE_ID);
        if (realQueue != null) {
            try {
                queueId = Integer.parseInt(realQueue);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        QueueSequenceState state = stateFor(new SequenceKey(sequence.producerId(), topic, queueId));
        synchronized (state) {
            state.replay(sequence.epoch(), sequence.firstSequence(), sequence.count(), record.queueOffset(),
                    physicalOffset, record.storeTimestamp());
        }
        return true;
    }
}
