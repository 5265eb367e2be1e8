package io.msgframe.broker.transaction;

import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.store.MessageStore;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.read.GetMessageResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which half messages have been resolved (committed or rolled back), keyed by the half record's offset in the
 * half queue (what op records carry as their body): the single decision point that makes a second END_TRANSACTION for the same half message (a check
 * answer racing the producer's own) a no-op instead of a second commit. {@link #claim} is atomic; a failed write
 * gives the claim back with {@link #release} so a later attempt may resolve it.
 *
 * <p>{@link #load} reads the op queue back at start, so a half message resolved before a restart stays resolved.
 * It reads the whole op queue (no persisted progress yet).
 */
public final class TransactionOutcomes {
    private static final Logger log = LoggerFactory.getLogger(TransactionOutcomes.class);
    private final ConcurrentHashMap<Long, Integer> resolved = new ConcurrentHashMap<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong rollbacks = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    /** True when the caller is the first to resolve the half at {@code halfCommitLogOffset} with {@code type}. */
    public boolean claim(long halfQueueOffset, int type) {
        boolean first = resolved.putIfAbsent(halfQueueOffset, type) == null;
        if (!first) {
            duplicates.incrementAndGet();
        }
        return first;
    }

    /** Gives a claim back after its write failed. */
    public void release(long halfQueueOffset) {
        resolved.remove(halfQueueOffset);
    }

    public boolean isResolved(long halfQueueOffset) {
        return resolved.containsKey(halfQueueOffset);
    }

    /**
     * Marks every half message named by an op record as resolved; returns how many op records were read.
     * An op body that is not a number (or 5.x's comma-separated list) contributes each number it holds.
     */
    public int load(MessageStore store) {
        int read = 0;
        long offset = store.minOffset(TopicNames.TRANS_OP_HALF_TOPIC, 0);
        long max = store.maxOffset(TopicNames.TRANS_OP_HALF_TOPIC, 0);
        MessageRecord record = new MessageRecord();
        while (offset < max) {
            try (GetMessageResult result = store.getMessages("msgframe-transaction", TopicNames.TRANS_OP_HALF_TOPIC, 0, offset, 256,
                    tagsCode -> true)) {
                if (result.messageCount() == 0) {
                    break;
                }
                for (SegmentSlice slice : result.messages()) {
                    record.wrap(slice.buffer(), 0);
                    for (String part : new String(record.bodyBytes(), StandardCharsets.UTF_8).split(",")) {
                        try {
                            resolved.putIfAbsent(Long.parseLong(part.trim()), SysFlag.TRANSACTION_NOT_TYPE);
                        } catch (NumberFormatException e) {
                            log.warn("Op record at commit-log offset {} has a body that is not a half offset: {}",
                                    record.physicalOffset(), part);
                        }
                    }
                    read++;
                }
                offset = result.nextBeginOffset();
            }
        }
        return read;
    }

    void committed() {
        commits.incrementAndGet();
    }

    void rolledBack() {
        rollbacks.incrementAndGet();
    }

    public long commits() {
        return commits.get();
    }

    public long rollbacks() {
        return rollbacks.get();
    }

    /** END_TRANSACTION requests for a half message that was already resolved (answered, nothing written). */
    public long duplicates() {
        return duplicates.get();
    }
}
