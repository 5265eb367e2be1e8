package io.msgframe.broker.schedule;

import io.msgframe.protocol.body.TopicNames;
import io.msgframe.store.MessageStore;
import io.msgframe.store.ServiceThread;
import io.msgframe.store.queue.ConsumeQueue;
import io.msgframe.store.queue.EntryBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Delivers level-delayed messages: one thread ({@code msgframe-schedule-delay}) walks every level's queue of
 * {@code SCHEDULE_TOPIC_XXXX} from its progress offset and moves each entry whose delivery time (its tags code,
 * see {@link DeliveryTimeRule}) has come. Within a level, delivery times only grow (same delay, store times in
 * order), so a level stops at its first entry not yet due, and the thread sleeps until the earliest such time or
 * until the dispatcher reports a new schedule entry.
 *
 * <p>Progress ({@link DelayOffsets}) is persisted every {@code flushDelayOffsetIntervalMs} and at stop. Entries
 * past the persisted progress that were due before this start may have been delivered before a crash; each of
 * them is checked against the real topic first ({@link ParkedDelivery}).
 */
public final class DelayLevelService implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DelayLevelService.class);
    private static final long IDLE_WAIT_MS = 200;
    private static final long RETRY_WAIT_MS = 1_000;
    private static final int BATCH = 64;

    private final MessageStore store;
    private final DelayLevels levels;
    private final DelayOffsets offsetFile;
    private final ParkedDelivery delivery;
    private final Clock clock;
    private final long persistIntervalMs;
    private final ServiceThread thread;
    private final EntryBatch batch = new EntryBatch(BATCH);
    private long[] offsets;
    private long checkUntilMs;
    private long lastPersistMs;
    private volatile long delivered;

    public DelayLevelService(MessageStore store, DelayLevels levels, DelayOffsets offsetFile, Clock clock,
                             long persistIntervalMs) {
        this.store = store;
        this.levels = levels;
        this.offsetFile = offsetFile;
        this.delivery = new ParkedDelivery(store);
        this.clock = clock;
        this.persistIntervalMs = persistIntervalMs;
        this.thread = new ServiceThread("msgframe-schedule-delay", this);
    }

    /** Loads the progress and starts the thread; the store must be started. */
    public void start() {
        offsets = offsetFile.load(levels.count());
        checkUntilMs = clock.millis();
        lastPersistMs = checkUntilMs;
        thread.start();
        log.info("Delay-level service started: {} level(s), progress from {}", levels.count(), offsetFile.file());
    }

    /** Wakes the thread: a new schedule entry may be the earliest due. */
    public void wakeUp() {
        thread.wakeUp();
    }

    /** Stops the thread and persists the progress. */
    public void stop() {
        if (thread.stop(10_000)) {
            persist();
        }
    }

    @Override
    public void run() {
        while (thread.isRunning()) {
            long now = clock.millis();
            long next = now + IDLE_WAIT_MS;
            try {
                for (int level = 1; level <= levels.count() && thread.isRunning(); level++) {
                    next = Math.min(next, deliverDue(level, now));
                }
                if (now - lastPersistMs >= persistIntervalMs) {
                    persist();
                    lastPersistMs = now;
                }
            } catch (RuntimeException e) {
                log.error("delay-level delivery failed; retrying in {} ms", RETRY_WAIT_MS, e);
                next = now + RETRY_WAIT_MS;
            }
            long waitMs = next - clock.millis();
            if (waitMs > 0 && thread.isRunning()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(waitMs));
            }
        }
    }

    /** Delivers the due entries of one level; returns when its next entry is due (or far future when empty). */
    private long deliverDue(int level, long now) {
        ConsumeQueue queue = store.consumeQueues().find(TopicNames.SCHEDULE_TOPIC, level - 1);
        if (queue == null) {
            return Long.MAX_VALUE;
        }
        if (offsets[level] < queue.minOffset()) {
            log.warn("delay level {}: progress {} is below the queue's first entry {} (removed by retention)",
                    level, offsets[level], queue.minOffset());
            offsets[level] = queue.minOffset();
        }
        while (offsets[level] < queue.maxOffset()) {
            int n = queue.read(offsets[level], BATCH, batch);
            if (n <= 0) {
                return now + IDLE_WAIT_MS;
            }
            for (int i = 0; i < n; i++) {
                long due = batch.tagsCode(i);
                if (!batch.isPadding(i)) {
                    if (due > now) {
                        return due;
                    }
                    ParkedDelivery.Outcome outcome = delivery.deliver(batch.physicalOffset(i), due <= checkUntilMs);
                    if (outcome == ParkedDelivery.Outcome.RETRY) {
                        return now + RETRY_WAIT_MS;
                    }
                    if (outcome != ParkedDelivery.Outcome.SKIPPED) {
                        delivered++;
                    }
                }
                offsets[level]++;
            }
        }
        return Long.MAX_VALUE;
    }

    private void persist() {
        try {
            offsetFile.persist(offsets.clone());
        } catch (RuntimeException e) {
            log.error("cannot persist delay progress to {}", offsetFile.file(), e);
        }
    }

    /** Records delivered (or found delivered) since start. */
    public long deliveredCount() {
        return delivered;
    }
}
