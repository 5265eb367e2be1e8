package io.msgframe.store.retention;

import io.msgframe.store.commitlog.CommitLog;
import io.msgframe.store.config.StoreConfig;
import io.msgframe.store.file.MappedSegment;
import io.msgframe.store.file.SegmentedLog;
import io.msgframe.store.index.IndexService;
import io.msgframe.store.queue.ConsumeQueue;
import io.msgframe.store.queue.ConsumeQueueTable;
import io.msgframe.store.recovery.Quarantine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes old data and guards the disk. Commit-log files older than {@code fileReservedHours} go at the
 * delete hours; above {@code diskCleanPercent} the oldest files go at once, expired or not. Consume queues,
 * index files and the quarantine follow the commit log's new minimum. Above {@code diskFullRatio}, appends are
 * refused ({@link #isWritable()}) while reads go on. The active file is never deleted.
 */
public final class RetentionService {
    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);
    /** At most this many commit-log files go per run, so one run never stalls the disk for long. */
    static final int MAX_FILES_PER_RUN = 10;

    private final StoreConfig config;
    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final Quarantine quarantine;
    private final DiskUsage diskUsage;
    private final Clock clock;
    private ScheduledExecutorService executor;
    private volatile boolean writable = true;

    public RetentionService(StoreConfig config, CommitLog commitLog, ConsumeQueueTable queues, IndexService index,
                            Quarantine quarantine, DiskUsage diskUsage, Clock clock) {
        this.config = config;
        this.commitLog = commitLog;
        this.queues = queues;
        this.index = index;
        this.quarantine = quarantine;
        this.diskUsage = diskUsage;
        this.clock = clock;
    }

    public void start() {
        checkDisk();
        // after a restart the consume queues know only their files, not which of their first entries point
        // below the commit log's first file: move their minimums (and the index) before anyone reads
        followCommitLog(config.get(StoreConfig.SEGMENT_DESTROY_GRACE_MS), clock.millis());
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "msgframe-retention");
            t.setDaemon(true);
            return t;
        });
        long interval = config.get(StoreConfig.CLEANUP_INTERVAL_MS);
        executor.scheduleWithFixedDelay(this::runSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** False while disk use is above the refusal ratio. */
    public boolean isWritable() {
        return writable;
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.error("retention run failed; will retry", e);
        }
    }

    /**
     * One run: measure the disk, delete what is due, let the queues and index follow.
     *
     * @return commit-log files deleted
     */
    public int runOnce() {
        double used = checkDisk();
        long now = clock.millis();
        boolean pressure = used * 100 >= config.get(StoreConfig.DISK_CLEAN_PERCENT);
        int hour = clock.instant().atZone(clock.getZone()).getHour();
        boolean deleteHour = config.isDeleteHour(hour);
        long reservedMs = Duration.ofHours(config.get(StoreConfig.FILE_RESERVED_HOURS)).toMillis();
        long graceMs = config.get(StoreConfig.SEGMENT_DESTROY_GRACE_MS);
        SegmentedLog segments = commitLog.segments();
        int deleted = 0;
        while (deleted < MAX_FILES_PER_RUN && segments.segments().size() > 1) {
            MappedSegment first = segments.first();
            boolean expired = now - lastModified(first) >= reservedMs;
            if (!(pressure || (expired && deleteHour))) {
                break;
            }
            log.info("deleting commit-log file {} ({})", first.path(),
                    pressure ? String.format("disk %.0f%% used", used * 100) : "older than the reserved time");
            segments.removeFirst(graceMs, now);
            deleted++;
            if (pressure) {
                used = diskUsage.usedRatio(config.root());
                pressure = used * 100 >= config.get(StoreConfig.DISK_CLEAN_PERCENT);
            }
        }
        segments.retryRetired(graceMs, now);
        followCommitLog(graceMs, now);
        if (deleted > 0) {
            checkDisk();
        }
        return deleted;
    }

    /** Consume queues, index files and the quarantine drop what lies below the commit log's minimum. */
    private void followCommitLog(long graceMs, long now) {
        long min = commitLog.minOffset();
        for (ConsumeQueue queue : queues.all()) {
            queue.deleteBelow(min, graceMs, now);
        }
        index.deleteFilesBelow(min);
        quarantine.dropBelow(min);
    }

    private double checkDisk() {
        double used = diskUsage.usedRatio(config.root());
        boolean nowWritable = used < config.get(StoreConfig.DISK_FULL_RATIO);
        if (nowWritable != writable) {
            if (nowWritable) {
                log.info("disk use {}% is below the refusal ratio again: accepting appends",
                        Math.round(used * 100));
            } else {
                log.error("disk use {}% is above diskFullRatio {}: refusing appends, reads go on",
                        Math.round(used * 100), config.get(StoreConfig.DISK_FULL_RATIO));
            }
            writable = nowWritable;
        }
        return used;
    }

    private static long lastModified(MappedSegment segment) {
        try {
            return Files.getLastModifiedTime(segment.path()).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
