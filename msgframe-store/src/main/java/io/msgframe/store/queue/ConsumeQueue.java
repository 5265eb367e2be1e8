package io.msgframe.store.queue;

import io.msgframe.store.file.MappedSegment;
import io.msgframe.store.file.SegmentedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.LongUnaryOperator;

/**
 * The index of one (topic, queueId) over the commit log: entry {@code i} (the message at queue offset i)
 * is 20 bytes at log byte {@code i * 20}, in files of a fixed number of entries named by their first byte.
 *
 * <pre>
 *  0  commit-log offset  int64
 *  8  record size        int32
 * 12  tags code          int64   String.hashCode() of TAGS, 0 without a tag
 * </pre>
 *
 * Written only by the dispatcher thread; read by any thread up to {@link #maxOffset()}. Padding entries
 * (offset 0, size Integer.MAX_VALUE) fill the front of a queue whose first file starts past offset 0.
 */
public final class ConsumeQueue {
    private static final Logger log = LoggerFactory.getLogger(ConsumeQueue.class);
    public static final int ENTRY_SIZE = 20;
    static final int PADDING_SIZE = Integer.MAX_VALUE;

    private final String topic;
    private final int queueId;
    private final SegmentedLog entries;
    private final ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE);
    private volatile long minOffset;
    /** Commit-log offset just past the last record indexed here: recovery truncates to the commit log. */
    private volatile long maxPhysicalOffset;

    public ConsumeQueue(Path dir, String topic, int queueId, int segmentBytes) {
        this.topic = topic;
        this.queueId = queueId;
        this.entries = new SegmentedLog(dir, segmentBytes - segmentBytes % ENTRY_SIZE, null);
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    public Path dir() {
        return entries.dir();
    }

    /**
     * Maps the files and finds the end of the entries: the last file is scanned for its last entry with a
     * size (a crash may leave zeros or a half-written entry at the tail, which is dropped).
     */
    public void load() {
        entries.load();
        MappedSegment last = entries.last();
        if (last == null) {
            return;
        }
        ByteBuffer view = last.readView();
        int end = 0;
        for (int p = 0; p + ENTRY_SIZE <= last.size(); p += ENTRY_SIZE) {
            long physical = view.getLong(p);
            int size = view.getInt(p + 8);
            if (size <= 0 || physical < 0) {
                break;
            }
            end = p + ENTRY_SIZE;
            if (size != PADDING_SIZE) {
                maxPhysicalOffset = physical + size;
            }
        }
        last.setWrotePosition(end);
        last.setFlushedPosition(end);
        if (hasBytesAfter(view, end, last.size())) {
            log.warn("consume queue {}/{}: torn entry at byte {} of {}; cut there", topic, queueId, end, last.path());
            last.zeroFrom(end);
        }
        entries.setFlushedOffset(entries.maxOffset());
        if (maxPhysicalOffset == 0 && entries.segments().size() > 1) {
            MappedSegment previous = entries.segments().get(entries.segments().size() - 2);
            ByteBuffer prev = previous.readView();
            int p = previous.size() - ENTRY_SIZE;
            maxPhysicalOffset = prev.getLong(p) + prev.getInt(p + 8);
        }
        minOffset = firstValidOffset();
    }

    private static boolean hasBytesAfter(ByteBuffer view, int from, int limit) {
        for (int p = from; p < Math.min(limit, from + 2 * ENTRY_SIZE); p++) {
            if (view.get(p) != 0) {
                return true;
            }
        }
        return false;
    }

    private long firstValidOffset() {
        MappedSegment first = entries.first();
        if (first == null) {
            return 0;
        }
        ByteBuffer view = first.readView();
        for (int p = 0; p + ENTRY_SIZE <= first.wrotePosition(); p += ENTRY_SIZE) {
            if (view.getInt(p + 8) != PADDING_SIZE) {
                return (first.startOffset() + p) / ENTRY_SIZE;
            }
        }
        return (first.startOffset() + first.wrotePosition()) / ENTRY_SIZE;
    }

    /**
     * Writes the entry for {@code queueOffset}. Idempotent: an offset already present is skipped, so the
     * dispatcher may replay records after a crash. A new queue may start past offset 0 (its first records were
     * deleted by retention), with padding before it; a gap after existing entries (a record lost to corruption)
     * is padded and reported.
     */
    public void put(long queueOffset, long physicalOffset, int size, long tagsCode) {
        long next = maxOffset();
        if (queueOffset < next) {
            return;
        }
        if (queueOffset > next) {
            if (entries.isEmpty()) {
                entries.lastOrCreate(queueOffset * ENTRY_SIZE);
                next = maxOffset();
                minOffset = queueOffset;
            } else {
                log.error("consume queue {}/{}: entry {} arrives after {}: {} message(s) lost to a corrupt commit-log"
                        + " range; padding the gap", topic, queueId, queueOffset, next, queueOffset - next);
            }
            for (long o = next; o < queueOffset; o++) {
                writeEntry(0, PADDING_SIZE, 0);
            }
        }
        writeEntry(physicalOffset, size, tagsCode);
        maxPhysicalOffset = physicalOffset + size;
    }

    private void writeEntry(long physicalOffset, int size, long tagsCode) {
        MappedSegment segment = entries.lastOrCreate(0);
        entry.clear();
        entry.putLong(physicalOffset).putInt(size).putLong(tagsCode).flip();
        segment.append(entry);
    }

    /** Offset of the first entry still served. */
    public long minOffset() {
        return minOffset;
    }

    /** Number of entries ever written = the next queue offset. */
    public long maxOffset() {
        return entries.maxOffset() / ENTRY_SIZE;
    }

    public long maxPhysicalOffset() {
        return maxPhysicalOffset;
    }

    /**
     * Reads up to {@code max} entries from {@code queueOffset} into {@code out}; never past
     * {@link #maxOffset()} nor across a file boundary (the caller asks again).
     *
     * @return entries read (0 when the offset is not in the queue)
     */
    public int read(long queueOffset, int max, EntryBatch out) {
        out.clear();
        if (queueOffset < minOffset || queueOffset >= maxOffset()) {
            return 0;
        }
        long byteOffset = queueOffset * ENTRY_SIZE;
        MappedSegment segment = entries.find(byteOffset);
        if (segment == null || !segment.retain()) {
            return 0;
        }
        try {
            ByteBuffer view = segment.readView();
            int position = (int) (byteOffset - segment.startOffset());
            int end = segment.wrotePosition();
            int n = 0;
            while (n < max && position + ENTRY_SIZE <= end) {
                out.add(view.getLong(position), view.getInt(position + 8), view.getLong(position + 12));
                position += ENTRY_SIZE;
                n++;
            }
            return n;
        } finally {
            segment.release();
        }
    }

    /** Commit-log offset of the entry at {@code queueOffset}, or -1. */
    public long physicalOffsetAt(long queueOffset) {
        EntryBatch one = new EntryBatch(1);
        return read(queueOffset, 1, one) == 1 ? one.physicalOffset(0) : -1;
    }

    /**
     * The first queue offset whose message was stored at or after {@code timestampMs}: binary search on
     * store time, which grows with queue offset. Returns {@link #maxOffset()} when every message is older,
     * {@link #minOffset()} when none is.
     *
     * @param storeTimeAt store time of the record at a commit-log offset, or -1 if it is gone
     */
    public long offsetByTime(long timestampMs, LongUnaryOperator storeTimeAt) {
        long low = minOffset;
        long high = maxOffset() - 1;
        long answer = maxOffset();
        while (low <= high) {
            long mid = (low + high) >>> 1;
            long physical = physicalOffsetAt(mid);
            long time = physical < 0 ? -1 : storeTimeAt.applyAsLong(physical);
            if (time < 0) {
                low = mid + 1;
            } else if (time >= timestampMs) {
                answer = mid;
                high = mid - 1;
            } else {
                low = mid + 1;
            }
        }
        return answer;
    }

    /** Drops entries that point at or past {@code commitLogEnd}: the commit log lost its tail. */
    public void truncateTo(long commitLogEnd) {
        if (maxPhysicalOffset <= commitLogEnd) {
            return;
        }
        long keep = maxOffset();
        EntryBatch one = new EntryBatch(1);
        while (keep > minOffset) {
            read(keep - 1, 1, one);
            if (one.physicalOffset(0) + one.size(0) <= commitLogEnd) {
                break;
            }
            keep--;
        }
        log.info("consume queue {}/{}: truncated from {} to {} entries (commit log ends at {})", topic, queueId,
                maxOffset(), keep, commitLogEnd);
        entries.truncate(keep * ENTRY_SIZE);
        if (keep > minOffset) {
            read(keep - 1, 1, one);
            maxPhysicalOffset = one.physicalOffset(0) + one.size(0);
        } else {
            maxPhysicalOffset = 0;
            minOffset = keep;
        }
    }

    /**
     * Retention: deletes files all of whose entries point below {@code commitLogMin}, and moves the
     * minimum offset to the first entry still backed by the commit log.
     *
     * @return files deleted
     */
    public int deleteBelow(long commitLogMin, long graceMs, long nowMs) {
        int deleted = 0;
        while (entries.segments().size() > 1) {
            MappedSegment first = entries.first();
            ByteBuffer view = first.readView();
            long lastPhysical = view.getLong(first.size() - ENTRY_SIZE);
            if (lastPhysical >= commitLogMin) {
                break;
            }
            entries.removeFirst(graceMs, nowMs);
            deleted++;
        }
        long offset = Math.max(minOffset, entries.minOffset() / ENTRY_SIZE);
        EntryBatch one = new EntryBatch(1);
        while (offset < maxOffset()) {
            minOffset = offset;
            if (read(offset, 1, one) == 1 && one.size(0) != PADDING_SIZE && one.physicalOffset(0) >= commitLogMin) {
                break;
            }
            offset++;
        }
        minOffset = offset;
        return deleted;
    }

    public long flush() {
        return entries.flush(0);
    }

    /** Deletes every file: the queue is rebuilt from the commit log. */
    public void clear() {
        entries.deleteAll();
        minOffset = 0;
        maxPhysicalOffset = 0;
    }

    public void close() {
        entries.close();
    }
}
