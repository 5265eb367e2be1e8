package io.msgframe.store.recovery;

import io.msgframe.protocol.message.MagicCode;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.RecordValidator;
import io.msgframe.store.file.MappedSegment;
import io.msgframe.store.file.SegmentedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Finds the true end of the commit log at start-up, as two explicit paths:
 * <ol>
 * <li>{@link #trustCleanStop}: the last run stopped cleanly and wrote the end into the checkpoint;</li>
 * <li>{@link #scanAfterCrash}: from the file holding the last safe point, every record's length, magic,
 * position and CRC is checked. A bad stretch followed by valid records is corruption in the middle of the
 * log: it is reported (file, offset) and quarantined, and the records after it are kept. A bad stretch with
 * nothing valid after it is the torn tail of the crash: the log is cut there.</li>
 * </ol>
 */
public final class CommitLogRecovery {
    private static final Logger log = LoggerFactory.getLogger(CommitLogRecovery.class);

    /** What recovery found: the end of the log, how much was scanned, what was cut. */
    public record Outcome(long end, long scannedFrom, int recordsScanned, long bytesCut, int rangesQuarantined) {
    }

    private final SegmentedLog segments;
    private final Quarantine quarantine;
    private final RecordValidator validator = new RecordValidator();
    private final MessageRecord record = new MessageRecord();

    public CommitLogRecovery(SegmentedLog segments, Quarantine quarantine) {
        this.segments = segments;
        this.quarantine = quarantine;
    }

    /**
     * Sets every file's positions from the checkpoint's end without reading records.
     *
     * @return null when the files do not reach the recorded end (then scan instead)
     */
    public Outcome trustCleanStop(Checkpoint checkpoint) {
        long end = checkpoint.commitLogEnd();
        MappedSegment last = segments.last();
        if (last == null) {
            return end == 0 ? new Outcome(0, 0, 0, 0, 0) : null;
        }
        if (end < segments.minOffset() || end > last.endOffset()) {
            log.warn("checkpoint says the commit log ends at {}, but its files cover [{}, {}): scanning instead",
                    end, segments.minOffset(), last.endOffset());
            return null;
        }
        setPositions(end);
        return new Outcome(end, end, 0, 0, 0);
    }

    private void setPositions(long end) {
        for (MappedSegment segment : List.copyOf(segments.segments())) {
            int wrote = (int) Math.max(0, Math.min(segment.size(), end - segment.startOffset()));
            segment.setWrotePosition(wrote);
            segment.setFlushedPosition(wrote);
        }
        // files wholly past the end (made ahead of time, never written) go
        segments.truncate(end);
        segments.setFlushedOffset(end);
    }

    /** Scans from the file holding {@code safePoint} (0 without a checkpoint) to the end of valid data. */
    public Outcome scanAfterCrash(long safePoint, boolean verifyCrc) {
        List<MappedSegment> files = List.copyOf(segments.segments());
        if (files.isEmpty()) {
            return new Outcome(0, 0, 0, 0, 0);
        }
        int first = 0;
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).startOffset() <= safePoint) {
                first = i;
            }
        }
        long scannedFrom = files.get(first).startOffset();
        int records = 0;
        int quarantined = 0;
        long end = -1;
        for (int i = first; i < files.size() && end < 0; i++) {
            MappedSegment segment = files.get(i);
            ByteBuffer view = segment.readView();
            int position = 0;
            while (true) {
                RecordValidator.Verdict verdict = validator.validate(view, position, segment.size(),
                        segment.startOffset() + position, verifyCrc);
                String torn = verdict == RecordValidator.Verdict.RECORD ? tornEnd(view, position, validator.size())
                        : null;
                if (verdict == RecordValidator.Verdict.RECORD && torn == null) {
                    position += validator.size();
                    records++;
                    continue;
                }
                if (verdict == RecordValidator.Verdict.BLANK) {
                    break;
                }
                String why = torn != null ? torn
                        : verdict == RecordValidator.Verdict.END_OF_DATA ? "zeros" : validator.reason();
                int resume = findNextRecord(view, position + 1, segment);
                // valid records in a later file (not only at its start: its first record may be corrupt too)
                // make this corruption in the middle of the log, not the torn tail
                if (resume < 0 && !laterFileHasRecord(files, i + 1)) {
                    end = segment.startOffset() + position;
                    break;
                }
                long badStart = segment.startOffset() + position;
                long badEnd = resume < 0 ? segment.endOffset() : segment.startOffset() + resume;
                log.error("corrupt commit-log data in {} at position {} (offset {}), {} bytes: {}; valid records "
                        + "follow, so the range is quarantined and never served", segment.path(), position,
                        badStart, badEnd - badStart, why);
                quarantine.add(badStart, badEnd, segment.path().getFileName() + "@" + position + ": " + why);
                quarantined++;
                if (resume < 0) {
                    break;
                }
                position = resume;
            }
        }
        if (end < 0) {
            end = segments.last().endOffset();
            // the last file ended with a blank marker: the log ends at that file's end
        }
        long cut = segments.last().endOffset() - end;
        for (MappedSegment segment : files) {
            if (segment.startOffset() < end) {
                segment.setWrotePosition((int) Math.min(segment.size(), end - segment.startOffset()));
                segment.setFlushedPosition(0);
            }
        }
        segments.truncate(end);
        segments.setFlushedOffset(segments.minOffset());
        segments.flush(0);
        log.info("commit log recovered after a crash: scanned {} record(s) from offset {}, ends at {}, {} bytes of"
                + " the last file after it cleared, {} range(s) quarantined", records, scannedFrom, end, cut, quarantined);
        return new Outcome(end, scannedFrom, records, cut, quarantined);
    }

    /**
     * Why a record the validator accepted still ends torn, or null. The body CRC covers the body only; the topic
     * and properties after it are checked by their lengths alone, so a write cut inside them (zeros after the
     * cut) would pass. A topic is never empty and neither it nor a properties string ends in a NUL byte
     * (properties end with their 0x02 separator): a zero last byte means the record was cut there.
     */
    private String tornEnd(ByteBuffer view, int position, int size) {
        record.wrap(view, position);
        int topicLength = record.topicLength();
        if (topicLength == 0) {
            return "empty topic: a torn write";
        }
        int lastTopicByte = position + record.bodyOffset() + record.bodyLength()
                + MagicCode.topicLengthSize(record.magic()) + topicLength - 1;
        if (view.get(lastTopicByte) == 0) {
            return "the topic ends in a zero byte: a torn write";
        }
        if (record.propertiesLength() > 0 && view.get(position + size - 1) == 0) {
            return "the properties end in a zero byte: a torn write";
        }
        return null;
    }

    /** Whether a complete, valid record starts anywhere in the files from index {@code from} on. */
    private boolean laterFileHasRecord(List<MappedSegment> files, int from) {
        for (int j = from; j < files.size(); j++) {
            MappedSegment segment = files.get(j);
            if (findNextRecord(segment.readView(), 0, segment) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next position at or after {@code from} where a complete, valid record starts (its stored physical
     * offset equals its position and its CRC matches), or -1. Skips runs of zeros: when the eight bytes at p
     * are zero, no record can start at p..p+3 (its magic would overlap them).
     */
    private int findNextRecord(ByteBuffer view, int from, MappedSegment segment) {
        int limit = segment.size() - 8;
        int p = from;
        while (p < limit) {
            if (view.getLong(p) == 0) {
                p += 4;
                continue;
            }
            if (MagicCode.isRecord(view.getInt(p + 4))
                    && validator.validate(view, p, segment.size(), segment.startOffset() + p, true)
                    == RecordValidator.Verdict.RECORD) {
                return p;
            }
            p++;
        }
        return -1;
    }
}
