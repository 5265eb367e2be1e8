package io.msgframe.store.queue;

import io.msgframe.store.file.StoreFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Every consume queue of the store, by topic and queue id; directory {@code consumequeue/<topic>/<queueId>/}. */
public final class ConsumeQueueTable {
    private static final Logger log = LoggerFactory.getLogger(ConsumeQueueTable.class);

    private final Path root;
    private final int segmentBytes;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, ConsumeQueue>> queues = new ConcurrentHashMap<>();

    public ConsumeQueueTable(Path root, int segmentBytes) {
        this.root = root;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens every queue found on disk. A queue whose files cannot be used (a gap, a bad name or size) is
     * emptied and returned, for the caller to rebuild from the commit log: consume queues are derived data.
     */
    public List<ConsumeQueue> load() {
        List<ConsumeQueue> damaged = new ArrayList<>();
        try {
            Files.createDirectories(root);
            try (Stream<Path> topics = Files.list(root)) {
                for (Path topicDir : (Iterable<Path>) topics.filter(Files::isDirectory)::iterator) {
                    String topic = topicDir.getFileName().toString();
                    try (Stream<Path> ids = Files.list(topicDir)) {
                        for (Path queueDir : (Iterable<Path>) ids.filter(Files::isDirectory)::iterator) {
                            int queueId;
                            try {
                                queueId = Integer.parseInt(queueDir.getFileName().toString());
                            } catch (NumberFormatException e) {
                                log.warn("ignoring {}: not a queue id", queueDir);
                                continue;
                            }
                            ConsumeQueue queue = new ConsumeQueue(queueDir, topic, queueId, segmentBytes);
                            try {
                                queue.load();
                            } catch (StoreFileException e) {
                                log.error("consume queue {}/{} is damaged ({}); it will be rebuilt from the commit log",
                                        topic, queueId, e.getMessage());
                                queue.close();
                                deleteFiles(queueDir);
                                queue = new ConsumeQueue(queueDir, topic, queueId, segmentBytes);
                                damaged.add(queue);
                            }
                            queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).put(queueId, queue);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load consume queues under " + root, e);
        }
        return damaged;
    }

    private static void deleteFiles(Path queueDir) throws IOException {
        try (Stream<Path> files = Files.list(queueDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }

    public ConsumeQueue find(String topic, int queueId) {
        Map<Integer, ConsumeQueue> byId = queues.get(topic);
        return byId == null ? null : byId.get(queueId);
    }

    public ConsumeQueue findOrCreate(String topic, int queueId) {
        ConsumeQueue queue = find(topic, queueId);
        if (queue != null) {
            return queue;
        }
        return queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).computeIfAbsent(queueId,
                id -> new ConsumeQueue(root.resolve(topic).resolve(Integer.toString(id)), topic, id, segmentBytes));
    }

    public List<ConsumeQueue> all() {
        List<ConsumeQueue> all = new ArrayList<>();
        queues.values().forEach(byId -> all.addAll(byId.values()));
        return all;
    }

    public Map<Integer, ConsumeQueue> queuesOf(String topic) {
        Map<Integer, ConsumeQueue> byId = queues.get(topic);
        return byId == null ? Map.of() : Map.copyOf(byId);
    }

    public void flushAll() {
        for (ConsumeQueue queue : all()) {
            queue.flush();
        }
    }

    public void truncateAll(long commitLogEnd) {
        for (ConsumeQueue queue : all()) {
            queue.truncateTo(commitLogEnd);
        }
    }

    /** Removes a topic's queues and their files. */
    public void deleteTopic(String topic) {
        Map<Integer, ConsumeQueue> byId = queues.remove(topic);
        if (byId != null) {
            byId.values().forEach(ConsumeQueue::clear);
        }
    }

    public void closeAll() {
        for (ConsumeQueue queue : all()) {
            queue.close();
        }
    }
}
