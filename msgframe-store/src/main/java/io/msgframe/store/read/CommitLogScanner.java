package io.msgframe.store.read;

import io.msgframe.protocol.message.MagicCode;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.store.commitlog.CommitLog;
import io.msgframe.store.file.MappedSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * Walks the commit log's records from an offset to its end, for services that rebuild their own state from what
 * is stored (the broker's producer-sequence table). Knows nothing of those services: it hands each whole record
 * and its offset to a visitor. A blank marker ends a file; a record whose header does not make sense skips the
 * rest of its file (recovery has already cut or quarantined such ranges, so this is only defence).
 */
public final class CommitLogScanner {
    private static final Logger log = LoggerFactory.getLogger(CommitLogScanner.class);

    /** Told of each record; the record is a flyweight valid only during the call. */
    @FunctionalInterface
    public interface RecordVisitor {
        void visit(MessageRecord record, long physicalOffset);
    }

    private final CommitLog commitLog;

    public CommitLogScanner(CommitLog commitLog) {
        this.commitLog = commitLog;
    }

    /**
     * Visits every record from {@code fromOffset} (clamped to the log's first byte) to the end written now.
     *
     * @return the offset the scan reached (the log's end when it started)
     */
    public long scan(long fromOffset, RecordVisitor visitor) {
        MessageRecord record = new MessageRecord();
        long end = commitLog.maxOffset();
        long offset = Math.max(fromOffset, commitLog.minOffset());
        while (offset < end) {
            MappedSegment segment = commitLog.segments().find(offset);
            if (segment == null || !segment.retain()) {
                break;
            }
            try {
                offset = scanSegment(segment, offset, end, record, visitor);
            } finally {
                segment.release();
            }
        }
        return Math.min(offset, end);
    }

    private static long scanSegment(MappedSegment segment, long offset, long end, MessageRecord record,
                                    RecordVisitor visitor) {
        ByteBuffer view = segment.readView();
        int position = (int) (offset - segment.startOffset());
        int wrote = segment.wrotePosition();
        while (position + MagicCode.BLANK_SIZE <= wrote && offset < end) {
            int size = view.getInt(position);
            int magic = view.getInt(position + 4);
            if (magic == MagicCode.BLANK) {
                return segment.endOffset();
            }
            if (!MagicCode.isRecord(magic) || size < MessageRecord.MIN_RECORD_SIZE || position + size > wrote) {
                log.error("unreadable record in {} at position {} (commit-log offset {}) while scanning; skipping the"
                        + " rest of the file", segment.path(), position, offset);
                return segment.endOffset();
            }
            record.wrap(view, position);
            visitor.visit(record, offset);
            position += size;
            offset += size;
        }
        // the end of a full file's records without a blank marker: the next file follows
        return offset < end ? segment.endOffset() : offset;
    }
}
