package io.msgframe.broker.schedule;

import io.msgframe.broker.ConfigFile;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code config/delayOffsets.json}: per delay level, the next schedule-queue offset to deliver. Format (RocketMQ's
 * {@code delayOffset.json}): {@code {"offsetTable":{"1":12,"2":0,…}}}, level → offset. Written atomically.
 */
public final class DelayOffsets {
    /** The file's JSON shape. */
    public record OffsetFile(Map<Integer, Long> offsetTable) {
    }

    private final Path file;

    public DelayOffsets(Path file) {
        this.file = file;
    }

    /** Offsets by level (index 0 unused); levels missing from the file start at 0. */
    public long[] load(int levels) {
        long[] offsets = new long[levels + 1];
        OffsetFile stored = ConfigFile.read(file, OffsetFile.class);
        if (stored != null && stored.offsetTable() != null) {
            stored.offsetTable().forEach((level, offset) -> {
                if (level != null && offset != null && level >= 1 && level <= levels) {
                    offsets[level] = Math.max(0, offset);
                }
            });
        }
        return offsets;
    }

    public void persist(long[] offsets) {
        Map<Integer, Long> table = new TreeMap<>();
        for (int level = 1; level < offsets.length; level++) {
            table.put(level, offsets[level]);
        }
        ConfigFile.write(file, new OffsetFile(table));
    }

    public Path file() {
        return file;
    }
}
