package io.msgframe.store.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The store's safe points, written atomically every consume-queue flush and at shutdown. Text, one
 * {@code key=value} per line, then one {@code queue <topic> <queueId> <maxOffset>} line per consume queue:
 *
 * <ul>
 * <li>{@code commitLogFlushed}: commit-log bytes before it were forced to disk;</li>
 * <li>{@code dispatched}: every record before it is in the (forced) consume queues and index;</li>
 * <li>{@code commitLogEnd}: written only by a clean stop, the exact end of the log;</li>
 * <li>queue lines: each consume queue's length when the checkpoint was taken. A queue found shorter at start
 * lost a file and is rebuilt from the commit log.</li>
 * <li>{@code queueMin <topic> <queueId> <minOffset>} lines: each consume queue's first served offset. A queue
 * found starting later at start lost its first file(s) and is rebuilt too (retention moves it forward, and the
 * next checkpoint records that).</li>
 * </ul>
 */
public record Checkpoint(long commitLogFlushed, long dispatched, long commitLogEnd, long timestampMs,
                         Map<String, Long> queueLengths, Map<String, Long> queueMinOffsets) {
    private static final String QUEUE = "queue ";
    private static final String QUEUE_MIN = "queueMin ";

    public static final Checkpoint EMPTY = new Checkpoint(0, 0, -1, 0, Map.of());

    /** A checkpoint without queue minimum offsets. */
    public Checkpoint(long commitLogFlushed, long dispatched, long commitLogEnd, long timestampMs,
                      Map<String, Long> queueLengths) {
        this(commitLogFlushed, dispatched, commitLogEnd, timestampMs, queueLengths, Map.of());
    }

    public static String queueKey(String topic, int queueId) {
        return topic + " " + queueId;
    }

    public boolean isCleanStop() {
        return commitLogEnd >= 0;
    }

    /**
     * The checkpoint in {@code file}, or {@link #EMPTY} when there is none.
     *
     * @throws IllegalStateException when the file is not a checkpoint (not text, a value not a number): the store
     *                               then ignores it and recovers by a full scan
     */
    public static Checkpoint read(Path file) {
        if (!Files.exists(file)) {
            return EMPTY;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            long flushed = 0;
            long dispatched = 0;
            long end = -1;
            long timestamp = 0;
            Map<String, Long> queues = new TreeMap<>();
            Map<String, Long> queueMins = new TreeMap<>();
            for (String line : lines) {
                if (line.startsWith(QUEUE_MIN)) {
                    int lastSpace = line.lastIndexOf(' ');
                    queueMins.put(line.substring(QUEUE_MIN.length(), lastSpace),
                            Long.parseLong(line.substring(lastSpace + 1)));
                    continue;
                }
                if (line.startsWith(QUEUE)) {
                    int lastSpace = line.lastIndexOf(' ');
                    queues.put(line.substring(QUEUE.length(), lastSpace), Long.parseLong(line.substring(lastSpace + 1)));
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                long value = Long.parseLong(line.substring(eq + 1).trim());
                switch (line.substring(0, eq).trim()) {
                    case "commitLogFlushed" -> flushed = value;
                    case "dispatched" -> dispatched = value;
                    case "commitLogEnd" -> end = value;
                    case "timestamp" -> timestamp = value;
                    default -> { }
                }
            }
            return new Checkpoint(flushed, dispatched, end, timestamp, queues, queueMins);
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("checkpoint " + file + " is corrupt: not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("checkpoint " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        StringBuilder sb = new StringBuilder(64 + queueLengths.size() * 40);
        sb.append("version=1\n");
        sb.append("commitLogFlushed=").append(commitLogFlushed).append('\n');
        sb.append("dispatched=").append(dispatched).append('\n');
        if (commitLogEnd >= 0) {
            sb.append("commitLogEnd=").append(commitLogEnd).append('\n');
        }
        sb.append("timestamp=").append(timestampMs).append('\n');
        queueLengths.forEach((queue, length) -> sb.append(QUEUE).append(queue).append(' ').append(length).append('\n'));
        queueMinOffsets.forEach((queue, min) -> sb.append(QUEUE_MIN).append(queue).append(' ').append(min).append('\n'));
        try {
            AtomicFiles.write(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }
}
