package io.msgframe.broker.idempotent;

import io.msgframe.broker.ConfigFile;
import io.msgframe.broker.PeriodicService;
import io.msgframe.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * Keeps the idempotent producer's sequence table across restarts. The table is written to
 * {@code config/producerState.json} (temp, fsync, rename) with the commit-log offset it covers, every
 * {@code producerStateSnapshotIntervalMs} and at stop; at start the snapshot is loaded and the commit log scanned
 * from that offset to its end, rebuilding the rest from the records' own producer properties. After a crash the
 * scan covers what the last snapshot missed; a snapshot covering more than the recovered log (a torn tail was
 * cut) is not trusted and the whole log is scanned instead, so a lost record is never mistaken for a stored one.
 *
 * <p>Thread {@code msgframe-producer-state}: expiry of idle states, then the snapshot.
 */
public final class ProducerStateService {
    private static final Logger log = LoggerFactory.getLogger(ProducerStateService.class);

    /** The snapshot file's content. */
    public record Snapshot(int version, long coveredOffset, List<ProducerStateTable.Entry> producers) {
    }

    private final Path file;
    private final MessageStore store;
    private final ProducerStateTable table;
    private final PeriodicService periodic;
    private volatile boolean started;

    public ProducerStateService(Path file, MessageStore store, ProducerStateTable table, long snapshotIntervalMs) {
        this.file = file;
        this.store = store;
        this.table = table;
        this.periodic = new PeriodicService("msgframe-producer-state", snapshotIntervalMs, snapshotIntervalMs,
                () -> {
                    table.expire();
                    persist();
                });
    }

    /** Loads the snapshot and scans the commit log past it; call after the store recovered, before serving. */
    public void start() {
        long from = load();
        long scanStart = System.nanoTime();
        int[] sequenced = new int[1];
        long reached = store.scanRecords(from, (record, offset) -> {
            if (table.replay(record, offset)) {
                sequenced[0]++;
            }
        });
        log.info("Producer sequence state: {} key(s) after scanning the commit log [{}, {}) in {} ms ({} sequenced "
                + "record(s))", table.size(), from, reached, (System.nanoTime() - scanStart) / 1_000_000, sequenced[0]);
        started = true;
        periodic.start();
    }

    /** Where the scan starts: the snapshot's covered offset, or the log's start without a usable snapshot. */
    private long load() {
        Snapshot snapshot;
        try {
            snapshot = ConfigFile.read(file, Snapshot.class);
        } catch (IllegalStateException e) {
            log.error("{}; rebuilding the producer sequence state from the whole commit log", e.getMessage());
            return 0;
        }
        if (snapshot == null) {
            return 0;
        }
        long end = store.commitLog().maxOffset();
        if (snapshot.coveredOffset() > end) {
            log.warn("{} covers the commit log up to {} but the recovered log ends at {}: not trusting it, scanning "
                    + "the whole log", file, snapshot.coveredOffset(), end);
            return 0;
        }
        table.restore(snapshot.producers() == null ? List.of() : snapshot.producers());
        return snapshot.coveredOffset();
    }

    /**
     * Writes the snapshot. The covered offset is read before the states are copied: any append placed before it
     * advanced its state under the same monitor the copy takes, so the copy holds it; appends after it are found
     * again by the next start's scan (and a state already past them ignores them).
     */
    public synchronized void persist() {
        long covered = store.commitLog().maxOffset();
        ConfigFile.write(file, new Snapshot(1, covered, table.entries()));
    }

    /** Stops the thread and writes the last snapshot (call while the store still runs). */
    public void shutdown() {
        if (!started) {
            return; // never loaded: writing now would replace a good snapshot with an empty one
        }
        started = false;
        periodic.stop();
        try {
            persist();
        } catch (RuntimeException e) {
            log.error("Cannot write {} at stop; the next start rebuilds the state by scanning the log", file, e);
        }
    }

    public ProducerStateTable table() {
        return table;
    }
}
