package io.msgframe.store.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * An append-only log made of fixed-size {@link MappedSegment}s named by their start offset. Log offsets
 * are global: offset {@code o} lives in the file starting at {@code o - o % size}. One writer appends to
 * the last file; readers find files by offset without locks (copy-on-write list).
 */
public final class SegmentedLog {
    private static final Logger log = LoggerFactory.getLogger(SegmentedLog.class);

    private final Path dir;
    private final int segmentSize;
    private final SegmentAllocator allocator;
    private final CopyOnWriteArrayList<MappedSegment> segments = new CopyOnWriteArrayList<>();
    private final List<MappedSegment> retired = new CopyOnWriteArrayList<>();
    private volatile long flushedOffset;

    /** @param allocator makes the next file ahead of time; null to create files when needed */
    public SegmentedLog(Path dir, int segmentSize, SegmentAllocator allocator) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.allocator = allocator;
    }

    public Path dir() {
        return dir;
    }

    public int segmentSize() {
        return segmentSize;
    }

    /**
     * Maps the files in the directory. Every file is assumed full; recovery then sets the real positions.
     * A file whose name is not an offset, or whose offset is not a multiple of the segment size, or a gap
     * between files, is reported with its name.
     */
    public void load() {
        try {
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>();
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().forEach(files::add);
            }
            long expected = -1;
            for (Path file : files) {
                long start = parseStart(file);
                if (expected >= 0 && start != expected) {
                    throw new StoreFileException(file, start, "gap in " + dir + ": expected a file starting at "
                            + expected);
                }
                long length = Files.size(file);
                if (length > segmentSize) {
                    throw new StoreFileException(file, 0, length + " bytes, more than the segment size "
                            + segmentSize);
                }
                if (length < segmentSize) {
                    log.warn("{} is {} bytes, shorter than the segment size {}: a cut tail; extended with zeros",
                            file, length, segmentSize);
                }
                MappedSegment segment = MappedSegment.open(file, start, segmentSize);
                segment.setWrotePosition(segmentSize);
                segment.setFlushedPosition(segmentSize);
                segments.add(segment);
                expected = start + segmentSize;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + dir, e);
        }
    }

    private long parseStart(Path file) {
        String name = file.getFileName().toString();
        long start;
        try {
            start = Long.parseLong(name);
        } catch (NumberFormatException e) {
            throw new StoreFileException(file, 0, "file name is not a log offset");
        }
        if (name.length() != 20 || start % segmentSize != 0) {
            throw new StoreFileException(file, start, "file name is not a 20-digit multiple of the segment size "
                    + segmentSize);
        }
        return start;
    }

    public List<MappedSegment> segments() {
        return segments;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    public MappedSegment first() {
        return segments.isEmpty() ? null : segments.get(0);
    }

    public MappedSegment last() {
        int n = segments.size();
        return n == 0 ? null : segments.get(n - 1);
    }

    /** The file to write to: the last one, or a new one at {@code startIfEmpty} (a multiple of the size). */
    public MappedSegment lastOrCreate(long startIfEmpty) {
        MappedSegment last = last();
        if (last != null && !last.isFull()) {
            return last;
        }
        long start = last == null ? startIfEmpty - startIfEmpty % segmentSize : last.endOffset();
        return add(start);
    }

    /** Starts the next file after the last one (the last is closed for writing by the caller). */
    public MappedSegment roll() {
        MappedSegment last = last();
        if (last != null) {
            last.setWrotePosition(last.size());
        }
        return add(last == null ? 0 : last.endOffset());
    }

    private MappedSegment add(long start) {
        MappedSegment segment = allocator != null
                ? allocator.obtain(dir, start, segmentSize)
                : MappedSegment.create(dir, start, segmentSize);
        segments.add(segment);
        return segment;
    }

    /** The file holding {@code offset}, or null if none does. */
    public MappedSegment find(long offset) {
        List<MappedSegment> snapshot = segments;
        MappedSegment first = snapshot.isEmpty() ? null : snapshot.get(0);
        if (first == null || offset < first.startOffset()) {
            return null;
        }
        int index = (int) ((offset - first.startOffset()) / segmentSize);
        if (index >= snapshot.size()) {
            return null;
        }
        try {
            MappedSegment segment = snapshot.get(index);
            return segment.startOffset() <= offset && offset < segment.endOffset() ? segment : null;
        } catch (IndexOutOfBoundsException raceWithRetention) {
            return null;
        }
    }

    public long minOffset() {
        MappedSegment first = first();
        return first == null ? 0 : first.startOffset();
    }

    /** One past the last written byte. */
    public long maxOffset() {
        MappedSegment last = last();
        return last == null ? 0 : last.startOffset() + last.wrotePosition();
    }

    public long flushedOffset() {
        return flushedOffset;
    }

    public void setFlushedOffset(long offset) {
        this.flushedOffset = offset;
    }

    /**
     * Forces dirty pages from the flushed offset on, file by file.
     *
     * @param minPages see {@link MappedSegment#flush(int)}; 0 forces everything written
     * @return the flushed offset afterwards
     */
    public long flush(int minPages) {
        long flushed = flushedOffset;
        while (true) {
            MappedSegment segment = find(flushed);
            if (segment == null) {
                // flushed sits exactly at the end of the last file, or before the first (after retention)
                MappedSegment first = first();
                if (first != null && flushed < first.startOffset()) {
                    flushed = first.startOffset();
                    continue;
                }
                break;
            }
            int position = segment.flush(minPages);
            long reached = segment.startOffset() + position;
            flushed = Math.max(flushed, reached);
            if (position < segment.size()) {
                break;
            }
        }
        flushedOffset = flushed;
        return flushed;
    }

    /**
     * Cuts the log at {@code offset}: the file holding it keeps its bytes before the offset (the rest is
     * zeroed, so a later scan sees the end of data), and every file after it is deleted.
     */
    public void truncate(long offset) {
        List<MappedSegment> doomed = new ArrayList<>();
        for (MappedSegment segment : segments) {
            if (segment.startOffset() >= offset && !(segment.startOffset() == offset && segment == first())) {
                doomed.add(segment);
            } else if (segment.endOffset() > offset) {
                int position = (int) (offset - segment.startOffset());
                segment.zeroFrom(position);
                segment.setWrotePosition(position);
                segment.setFlushedPosition(Math.min(segment.flushedPosition(), position));
            }
        }
        for (MappedSegment segment : doomed) {
            segments.remove(segment);
            segment.destroy(0, 0);
        }
        if (flushedOffset > offset) {
            flushedOffset = offset;
        }
    }

    /**
     * Removes a file from the front of the log (retention); the caller checked it is no longer needed. Its
     * mapping and file go once readers release it ({@link #retryRetired}).
     */
    public boolean removeFirst(long graceMs, long nowMs) {
        MappedSegment first = first();
        if (first == null || first == last()) {
            return false;
        }
        segments.remove(first);
        if (!first.destroy(graceMs, nowMs)) {
            retired.add(first);
        }
        return true;
    }

    /** Finishes deleting removed files whose readers have released them (or whose grace time is over). */
    public void retryRetired(long graceMs, long nowMs) {
        retired.removeIf(segment -> segment.destroy(graceMs, nowMs));
    }

    /** Deletes every file: used when a damaged consume queue is rebuilt from the commit log. */
    public void deleteAll() {
        for (MappedSegment segment : segments) {
            segments.remove(segment);
            segment.destroy(0, 0);
        }
        flushedOffset = 0;
    }

    public void close() {
        for (MappedSegment segment : segments) {
            segment.close();
        }
    }
}
