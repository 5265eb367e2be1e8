package io.msgframe.store.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * </ul>
 */
public record Checkpoint(long commitLogFlushed, long dispatched, long commitLogEnd, long timestampMs,
                         Map<String, Long> queueLengths) {
    private static final String QUEUE = "queue ";

    public static final Checkpoint EMPTY = new Checkpoint(0, 0, -1, 0, Map.of());

    public static String queueKey(String topic, int queueId) {
        return topic + " " + queueId;
    }

    public boolean isCleanStop() {
        return commitLogEnd >= 0;
    }

    /** The checkpoint in {@code file}, or {@link #EMPTY} when there is none. */
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
            for (String line : lines) {
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
            return new Checkpoint(flushed, dispatched, end, timestamp, queues);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("checkpoint " + file + " is corrupt: " + e.getMessage()
                    + "; move it away to recover by a full scan", e);
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
        try {
            AtomicFiles.write(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }
}
