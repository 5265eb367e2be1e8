package io.msgframe.store.read;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.RecordValidator;
import io.msgframe.store.commitlog.CommitLog;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.index.IndexService;
import io.msgframe.store.queue.ConsumeQueue;
import io.msgframe.store.queue.ConsumeQueueTable;
import io.msgframe.store.queue.EntryBatch;
import io.msgframe.store.recovery.Quarantine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The read path: consume-queue entries → tag filter → the stored records, checked and handed out as slices
 * of the mapped commit log. Every record is checked against its consume-queue entry (size, magic, position)
 * and the quarantine before it is served; its CRC too when configured. Thread-safe.
 */
public final class MessageReader {
    private static final Logger log = LoggerFactory.getLogger(MessageReader.class);
    /** A filtered read gives up after this many non-matching entries, as RocketMQ does. */
    static final int MAX_FILTERED_SCAN = 16_000;

    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final Quarantine quarantine;
    private final int maxTransferCount;
    private final int maxTransferBytes;
    private final boolean verifyCrc;
    private final ThreadLocal<EntryBatch> batches = ThreadLocal.withInitial(() -> new EntryBatch(64));
    private final ThreadLocal<RecordValidator> validators = ThreadLocal.withInitial(RecordValidator::new);

    public MessageReader(CommitLog commitLog, ConsumeQueueTable queues, IndexService index, Quarantine quarantine,
                         int maxTransferCount, int maxTransferBytes, boolean verifyCrc) {
        this.commitLog = commitLog;
        this.queues = queues;
        this.index = index;
        this.quarantine = quarantine;
        this.maxTransferCount = maxTransferCount;
        this.maxTransferBytes = maxTransferBytes;
        this.verifyCrc = verifyCrc;
    }

    /**
     * Up to {@code maxCount} messages of a queue from {@code offset} that pass {@code filter}.
     *
     * @param group the consumer group asking (for metrics and future per-group policies)
     */
    public GetMessageResult getMessages(String group, String topic, int queueId, long offset, int maxCount,
                                        MessageFilter filter) {
        ConsumeQueue queue = queues.find(topic, queueId);
        if (queue == null) {
            return GetMessageResult.empty(GetMessageStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0);
        }
        long min = queue.minOffset();
        long max = queue.maxOffset();
        if (max == 0) {
            return GetMessageResult.empty(GetMessageStatus.NO_MESSAGE_IN_QUEUE, 0, min, max);
        }
        if (offset < min) {
            return GetMessageResult.empty(GetMessageStatus.OFFSET_TOO_SMALL, min, min, max);
        }
        if (offset == max) {
            return GetMessageResult.empty(GetMessageStatus.OFFSET_OVERFLOW_ONE, offset, min, max);
        }
        if (offset > max) {
            return GetMessageResult.empty(GetMessageStatus.OFFSET_OVERFLOW_BADLY, max, min, max);
        }
        int wanted = Math.min(Math.max(1, maxCount), maxTransferCount);
        List<SegmentSlice> found = new ArrayList<>(wanted);
        long[] queueOffsets = new long[wanted];
        int bytes = 0;
        int scanned = 0;
        boolean sawBrokenEntry = false;
        long next = offset;
        EntryBatch batch = batches.get();
        outer:
        while (found.size() < wanted && next < max && scanned < MAX_FILTERED_SCAN) {
            int n = queue.read(next, batch.capacity(), batch);
            if (n == 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                long physical = batch.physicalOffset(i);
                int size = batch.size(i);
                if (batch.isPadding(i) || !filter.matchesTagsCode(batch.tagsCode(i))) {
                    next++;
                    scanned++;
                    continue;
                }
                if (!found.isEmpty() && bytes + size > maxTransferBytes) {
                    break outer;
                }
                next++;
                scanned++;
                SegmentSlice slice = readChecked(physical, size);
                if (slice == null) {
                    sawBrokenEntry = true;
                    continue;
                }
                if (!filter.matchesRecord(slice.buffer())) {
                    slice.close();
                    continue;
                }
                queueOffsets[found.size()] = next - 1;
                found.add(slice);
                bytes += size;
                if (found.size() == wanted) {
                    break outer;
                }
            }
        }
        GetMessageStatus status = !found.isEmpty() ? GetMessageStatus.FOUND
                : sawBrokenEntry ? GetMessageStatus.OFFSET_FOUND_NULL : GetMessageStatus.NO_MATCHED_MESSAGE;
        return new GetMessageResult(status, found, Arrays.copyOf(queueOffsets, found.size()), next, min, max);
    }

    /**
     * The record at a commit-log offset, checked; null when it is gone, quarantined or fails its checks
     * (logged with the file and offset). The caller closes the slice.
     */
    public SegmentSlice readRecord(long physicalOffset) {
        SegmentSlice slice = commitLog.read(physicalOffset);
        return slice == null ? null : checked(slice, physicalOffset, slice.length());
    }

    private SegmentSlice readChecked(long physicalOffset, int size) {
        if (physicalOffset < commitLog.minOffset()) {
            return null;
        }
        SegmentSlice slice = commitLog.read(physicalOffset, size);
        return slice == null ? null : checked(slice, physicalOffset, size);
    }

    private SegmentSlice checked(SegmentSlice slice, long physicalOffset, int size) {
        if (quarantine.overlaps(physicalOffset, size)) {
            slice.close();
            return null;
        }
        RecordValidator validator = validators.get();
        RecordValidator.Verdict verdict = validator.validate(slice.buffer(), 0, size, physicalOffset, verifyCrc);
        if (verdict != RecordValidator.Verdict.RECORD || validator.size() != size) {
            log.error("refusing to serve commit-log offset {} ({} bytes): {}", physicalOffset, size,
                    verdict == RecordValidator.Verdict.RECORD ? "size differs from its consume-queue entry"
                            : validator.reason());
            slice.close();
            return null;
        }
        return slice;
    }

    /**
     * Messages of {@code topic} whose KEYS or UNIQ_KEY contain {@code key}, stored in [beginMs, endMs],
     * newest first. Index hash collisions are filtered out here by reading each candidate's properties.
     */
    public List<SegmentSlice> queryByKey(String topic, String key, int maxNum, long beginMs, long endMs) {
        List<SegmentSlice> result = new ArrayList<>();
        MessageRecord record = new MessageRecord();
        for (long physical : index.query(topic, key, maxNum, beginMs, endMs)) {
            SegmentSlice slice = readRecord(physical);
            if (slice == null) {
                continue;
            }
            record.wrap(slice.buffer(), 0);
            if (topic.equals(record.topic()) && hasKey(record, key)) {
                result.add(slice);
            } else {
                slice.close();
            }
        }
        return result;
    }

    private static boolean hasKey(MessageRecord record, String key) {
        if (key.equals(record.property(PropertyKeys.UNIQ_KEY))) {
            return true;
        }
        String keys = record.property(PropertyKeys.KEYS);
        if (keys == null) {
            return false;
        }
        for (String k : keys.split(PropertyKeys.KEY_SEPARATOR)) {
            if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Store time of the record at a commit-log offset, or -1 when it is gone. */
    public long storeTimeAt(long physicalOffset) {
        try (SegmentSlice slice = commitLog.read(physicalOffset)) {
            if (slice == null) {
                return -1;
            }
            return new MessageRecord().wrap(slice.buffer(), 0).storeTimestamp();
        }
    }

    /** First queue offset stored at or after {@code timestampMs}; 0 for an unknown queue. */
    public long offsetByTime(String topic, int queueId, long timestampMs) {
        ConsumeQueue queue = queues.find(topic, queueId);
        return queue == null ? 0 : queue.offsetByTime(timestampMs, this::storeTimeAt);
    }

    public long minOffset(String topic, int queueId) {
        ConsumeQueue queue = queues.find(topic, queueId);
        return queue == null ? 0 : queue.minOffset();
    }

    public long maxOffset(String topic, int queueId) {
        ConsumeQueue queue = queues.find(topic, queueId);
        return queue == null ? 0 : queue.maxOffset();
    }

    /** Store time of the message at a queue offset, or -1. */
    public long storeTimeAt(String topic, int queueId, long queueOffset) {
        ConsumeQueue queue = queues.find(topic, queueId);
        if (queue == null) {
            return -1;
        }
        long physical = queue.physicalOffsetAt(queueOffset);
        return physical < 0 ? -1 : storeTimeAt(physical);
    }
}
