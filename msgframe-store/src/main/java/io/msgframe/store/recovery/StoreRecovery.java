package io.msgframe.store.recovery;

import io.msgframe.store.commitlog.CommitLog;
import io.msgframe.store.dispatch.Dispatcher;
import io.msgframe.store.index.IndexService;
import io.msgframe.store.queue.ConsumeQueue;
import io.msgframe.store.queue.ConsumeQueueTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Brings the store to a consistent state at start-up, in named steps:
 * <ol>
 * <li>{@link #recoverCommitLog}: find the end of valid data (trust a clean stop, scan after a crash);</li>
 * <li>{@link #loadConsumeQueues}: open them, and find the damaged ones (unusable files, or shorter than the
 * checkpoint recorded, or starting later than it recorded: a lost file);</li>
 * <li>{@link #alignWithCommitLog}: cut queue and index entries that point past the end of the log;</li>
 * <li>{@link #replay}: dispatch the commit log again from the last safe point (from its start for damaged
 * queues); consume-queue and index writes are idempotent, so replaying known records is harmless;</li>
 * <li>{@link #restoreQueueOffsets}: the commit log's next queue offsets from the consume queues.</li>
 * </ol>
 */
public final class StoreRecovery {
    private static final Logger log = LoggerFactory.getLogger(StoreRecovery.class);

    /** What start-up found. */
    public record Report(boolean crashed, CommitLogRecovery.Outcome commitLog, List<String> rebuiltQueues,
                         long replayedFrom, int recordsReplayed) {
    }

    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final Dispatcher dispatcher;
    private final Quarantine quarantine;

    public StoreRecovery(CommitLog commitLog, ConsumeQueueTable queues, IndexService index, Dispatcher dispatcher,
                         Quarantine quarantine) {
        this.commitLog = commitLog;
        this.queues = queues;
        this.index = index;
        this.dispatcher = dispatcher;
        this.quarantine = quarantine;
    }

    public Report run(Checkpoint checkpoint, boolean crashed, boolean verifyCrc) {
        CommitLogRecovery.Outcome outcome = recoverCommitLog(checkpoint, crashed, verifyCrc);
        List<String> damaged = loadConsumeQueues(checkpoint);
        long indexFrom = alignWithCommitLog(outcome.end());
        long replayFrom;
        if (!damaged.isEmpty()) {
            replayFrom = commitLog.minOffset();
        } else {
            replayFrom = Math.min(Math.min(checkpoint.dispatched(), indexFrom), outcome.end());
        }
        replayFrom = Math.max(replayFrom, commitLog.minOffset());
        int replayed = replay(replayFrom);
        restoreQueueOffsets();
        return new Report(crashed, outcome, damaged, replayFrom, replayed);
    }

    CommitLogRecovery.Outcome recoverCommitLog(Checkpoint checkpoint, boolean crashed, boolean verifyCrc) {
        commitLog.segments().load();
        CommitLogRecovery recovery = new CommitLogRecovery(commitLog.segments(), quarantine);
        if (!crashed && checkpoint.isCleanStop()) {
            CommitLogRecovery.Outcome outcome = recovery.trustCleanStop(checkpoint);
            if (outcome != null) {
                return outcome;
            }
        }
        long safePoint = Math.min(checkpoint.commitLogFlushed(), checkpoint.dispatched());
        return recovery.scanAfterCrash(safePoint, verifyCrc);
    }

    List<String> loadConsumeQueues(Checkpoint checkpoint) {
        List<String> damaged = new ArrayList<>();
        for (ConsumeQueue queue : queues.load()) {
            damaged.add(queue.topic() + "/" + queue.queueId());
        }
        for (Map.Entry<String, Long> recorded : checkpoint.queueLengths().entrySet()) {
            String key = recorded.getKey();
            int space = key.lastIndexOf(' ');
            String topic = key.substring(0, space);
            int queueId = Integer.parseInt(key.substring(space + 1));
            ConsumeQueue queue = queues.find(topic, queueId);
            long length = queue == null ? 0 : queue.maxOffset();
            if (length < recorded.getValue() && !damaged.contains(topic + "/" + queueId)) {
                log.error("consume queue {}/{} has {} entries, the checkpoint recorded {}: files are missing;"
                        + " rebuilding it from the commit log", topic, queueId, length, recorded.getValue());
                if (queue != null) {
                    queue.clear();
                }
                damaged.add(topic + "/" + queueId);
            }
        }
        for (Map.Entry<String, Long> recorded : checkpoint.queueMinOffsets().entrySet()) {
            String key = recorded.getKey();
            int space = key.lastIndexOf(' ');
            String topic = key.substring(0, space);
            int queueId = Integer.parseInt(key.substring(space + 1));
            ConsumeQueue queue = queues.find(topic, queueId);
            // a queue with no entries left was caught above (shorter than recorded)
            if (queue != null && queue.maxOffset() > 0 && queue.minOffset() > recorded.getValue()
                    && !damaged.contains(topic + "/" + queueId)) {
                log.error("consume queue {}/{} starts at offset {}, the checkpoint recorded {}: its first file(s) are"
                        + " missing; rebuilding it from the commit log", topic, queueId, queue.minOffset(),
                        recorded.getValue());
                queue.clear();
                damaged.add(topic + "/" + queueId);
            }
        }
        return damaged;
    }

    /** @return the commit-log offset from which the index must be rebuilt (Long.MAX_VALUE if none) */
    long alignWithCommitLog(long end) {
        queues.truncateAll(end);
        return index.truncateAbove(end);
    }

    int replay(long from) {
        dispatcher.setDispatchedOffset(from);
        int records = dispatcher.dispatchAvailable();
        if (records > 0) {
            log.info("replayed {} record(s) of the commit log from offset {} into consume queues and index",
                    records, from);
        }
        return records;
    }

    void restoreQueueOffsets() {
        for (ConsumeQueue queue : queues.all()) {
            commitLog.setNextQueueOffset(queue.topic(), queue.queueId(), queue.maxOffset());
        }
    }
}
