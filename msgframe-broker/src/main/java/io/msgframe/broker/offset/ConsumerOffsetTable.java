package io.msgframe.broker.offset;

import io.msgframe.broker.ConfigFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Committed consumer offsets: (group, topic, queue id) → the next offset the group will consume. Commits only
 * touch memory; {@link #persist} writes {@code config/consumerOffsets.json} atomically (the broker calls it every
 * {@code flushConsumerOffsetIntervalMs} and at shutdown), so a crash loses at most that interval of commits — the
 * group re-consumes a few messages, as with RocketMQ.
 *
 * <p>File format (RocketMQ's {@code consumerOffset.json}): {@code {"offsetTable":{"<topic>@<group>":{"0":12,…}}}}.
 * Topic and group names cannot contain {@code @}, so the key splits unambiguously.
 */
public final class ConsumerOffsetTable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerOffsetTable.class);
    private static final char SEPARATOR = '@';

    /** The file's JSON shape. */
    public record OffsetFile(Map<String, Map<Integer, Long>> offsetTable) {
    }

    private final Path file;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, Long>> table = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private long persistedChanges = -1;
    private boolean loaded;

    public ConsumerOffsetTable(Path file) {
        this.file = file;
    }

    /**
     * Reads the file, if any.
     *
     * @throws IllegalStateException naming the file if it is unreadable
     */
    public synchronized void load() {
        table.clear();
        OffsetFile stored = ConfigFile.read(file, OffsetFile.class);
        if (stored != null && stored.offsetTable() != null) {
            stored.offsetTable().forEach((key, offsets) -> {
                if (key.indexOf(SEPARATOR) <= 0 || offsets == null) {
                    log.warn("{}: ignoring malformed entry '{}'", file, key);
                    return;
                }
                ConcurrentHashMap<Integer, Long> byQueue = new ConcurrentHashMap<>();
                offsets.forEach((queueId, offset) -> {
                    if (queueId != null && offset != null) {
                        byQueue.put(queueId, offset);
                    }
                });
                table.put(key, byQueue);
            });
        }
        persistedChanges = changes.get();
        loaded = true;
        log.info("Consumer offsets of {} topic/group pair(s) loaded from {}", table.size(), file);
    }

    /** The committed offset, or -1 when the group never committed one for this queue. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> byQueue = table.get(key(topic, group));
        if (byQueue == null) {
            return -1;
        }
        Long offset = byQueue.get(queueId);
        return offset == null ? -1 : offset;
    }

    public void commit(String group, String topic, int queueId, long offset) {
        table.computeIfAbsent(key(topic, group), k -> new ConcurrentHashMap<>()).put(queueId, offset);
        changes.incrementAndGet();
    }

    /** Queue id → committed offset of one group on one topic (a copy; empty if none). */
    public Map<Integer, Long> offsets(String group, String topic) {
        Map<Integer, Long> byQueue = table.get(key(topic, group));
        return byQueue == null ? Map.of() : new TreeMap<>(byQueue);
    }

    /** Groups with committed offsets on {@code topic}. */
    public Set<String> groupsOf(String topic) {
        Set<String> groups = new TreeSet<>();
        for (String key : table.keySet()) {
            int at = key.indexOf(SEPARATOR);
            if (key.substring(0, at).equals(topic)) {
                groups.add(key.substring(at + 1));
            }
        }
        return groups;
    }

    /** Topics on which {@code group} has committed offsets. */
    public Set<String> topicsOf(String group) {
        Set<String> topics = new TreeSet<>();
        for (String key : table.keySet()) {
            int at = key.indexOf(SEPARATOR);
            if (key.substring(at + 1).equals(group)) {
                topics.add(key.substring(0, at));
            }
        }
        return topics;
    }

    /** Forgets every group's offsets on a deleted topic. */
    public void deleteTopic(String topic) {
        if (table.keySet().removeIf(key -> key.substring(0, key.indexOf(SEPARATOR)).equals(topic))) {
            changes.incrementAndGet();
        }
    }

    /** Forgets a deleted group's offsets on every topic. */
    public void deleteGroup(String group) {
        if (table.keySet().removeIf(key -> key.substring(key.indexOf(SEPARATOR) + 1).equals(group))) {
            changes.incrementAndGet();
        }
    }

    /** Writes the file atomically if anything changed since the last write; nothing before a successful load. */
    public synchronized void persist() {
        if (!loaded) {
            return; // never overwrite a file that could not be read
        }
        long seen = changes.get();
        if (seen == persistedChanges) {
            return;
        }
        Map<String, Map<Integer, Long>> snapshot = new TreeMap<>();
        table.forEach((key, byQueue) -> snapshot.put(key, new TreeMap<>(byQueue)));
        ConfigFile.write(file, new OffsetFile(snapshot));
        persistedChanges = seen;
    }

    public Path file() {
        return file;
    }

    private static String key(String topic, String group) {
        return topic + SEPARATOR + group;
    }
}
