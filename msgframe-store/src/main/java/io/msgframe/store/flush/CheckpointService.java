package io.msgframe.store.flush;

import io.msgframe.store.ServiceThread;
import io.msgframe.store.commitlog.CommitLog;
import io.msgframe.store.dispatch.Dispatcher;
import io.msgframe.store.index.IndexService;
import io.msgframe.store.queue.ConsumeQueue;
import io.msgframe.store.queue.ConsumeQueueTable;
import io.msgframe.store.recovery.Checkpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Forces consume queues and index files every interval and then records the safe points in the
 * {@link Checkpoint}. The order matters: the dispatched offset and queue lengths are read before the force,
 * so the checkpoint never claims more than is on disk.
 */
public final class CheckpointService implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CheckpointService.class);

    private final Path file;
    private final CommitLog commitLog;
    private final Dispatcher dispatcher;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final int intervalMs;
    private final Clock clock;
    private final ServiceThread thread;

    public CheckpointService(Path file, CommitLog commitLog, Dispatcher dispatcher, ConsumeQueueTable queues,
                             IndexService index, int intervalMs, Clock clock) {
        this.file = file;
        this.commitLog = commitLog;
        this.dispatcher = dispatcher;
        this.queues = queues;
        this.index = index;
        this.intervalMs = intervalMs;
        this.clock = clock;
        this.thread = new ServiceThread("msgframe-queue-flusher", this);
    }

    public void start() {
        thread.start();
    }

    public void stop() {
        thread.stop(30_000);
    }

    @Override
    public void run() {
        while (thread.isRunning()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(intervalMs));
            if (!thread.isRunning()) {
                break;
            }
            try {
                write(-1);
            } catch (RuntimeException e) {
                log.error("checkpoint failed; will retry", e);
            }
        }
    }

    /**
     * Forces queues and index and writes the checkpoint.
     *
     * @param commitLogEnd the exact end of the log on a clean stop, -1 while running
     */
    public Checkpoint write(long commitLogEnd) {
        long dispatched = dispatcher.dispatchedOffset();
        Map<String, Long> lengths = new TreeMap<>();
        Map<String, Long> minOffsets = new TreeMap<>();
        for (ConsumeQueue queue : queues.all()) {
            String key = Checkpoint.queueKey(queue.topic(), queue.queueId());
            minOffsets.put(key, queue.minOffset());
            lengths.put(key, queue.maxOffset());
        }
        queues.flushAll();
        index.flush();
        Checkpoint checkpoint = new Checkpoint(commitLog.segments().flushedOffset(), dispatched, commitLogEnd,
                clock.millis(), lengths, minOffsets);
        checkpoint.write(file);
        return checkpoint;
    }
}
