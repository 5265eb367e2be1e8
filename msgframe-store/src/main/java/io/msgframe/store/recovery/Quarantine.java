package io.msgframe.store.recovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Commit-log ranges found corrupt in the middle of the log (bytes that fail their checks, followed by valid
 * records). They are never served nor dispatched, and never deleted: the bytes stay for inspection. Kept in
 * the file {@code quarantine}, one {@code start end reason} line per range, so a later clean start (which
 * does not rescan) still avoids them.
 */
public final class Quarantine {
    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    /** A corrupt range [start, end) of the commit log. */
    public record Range(long start, long end, String reason) {
    }

    private final Path file;
    private volatile long[] starts = new long[0];
    private volatile long[] ends = new long[0];
    private final List<Range> ranges = new ArrayList<>();

    public Quarantine(Path file) {
        this.file = file;
    }

    public synchronized void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.split(" ", 3);
                if (parts.length >= 2) {
                    ranges.add(new Range(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                            parts.length > 2 ? parts[2] : ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        publish();
    }

    public synchronized void add(long start, long end, String reason) {
        for (Range r : ranges) {
            if (r.start() == start) {
                return;
            }
        }
        ranges.add(new Range(start, end, reason.replace('\n', ' ')));
        ranges.sort((a, b) -> Long.compare(a.start(), b.start()));
        publish();
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            sb.append(r.start()).append(' ').append(r.end()).append(' ').append(r.reason()).append('\n');
        }
        try {
            AtomicFiles.write(file, sb.toString());
        } catch (IOException e) {
            log.error("cannot persist quarantined range [{}, {})", start, end, e);
        }
    }

    /** Forgets ranges wholly below the commit log's new first offset (their files were deleted). */
    public synchronized void dropBelow(long minOffset) {
        if (ranges.removeIf(r -> r.end() <= minOffset)) {
            publish();
        }
    }

    private void publish() {
        long[] s = new long[ranges.size()];
        long[] e = new long[ranges.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ranges.get(i).start();
            e[i] = ranges.get(i).end();
        }
        ends = e;
        starts = s;
    }

    public synchronized List<Range> ranges() {
        return List.copyOf(ranges);
    }

    /** End of the quarantined range holding {@code offset}, or -1. Cheap when nothing is quarantined. */
    public long endOfRangeContaining(long offset) {
        long[] s = starts;
        if (s.length == 0) {
            return -1;
        }
        long[] e = ends;
        int i = Arrays.binarySearch(s, offset);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && i < e.length && offset < e[i] ? e[i] : -1;
    }

    /** Whether any byte of [offset, offset + size) is quarantined. */
    public boolean overlaps(long offset, int size) {
        long[] s = starts;
        if (s.length == 0) {
            return false;
        }
        long[] e = ends;
        for (int i = 0; i < s.length; i++) {
            if (s[i] < offset + size && offset < e[i]) {
                return true;
            }
        }
        return false;
    }
}
