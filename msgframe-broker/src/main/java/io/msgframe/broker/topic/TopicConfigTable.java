package io.msgframe.broker.topic;

import io.msgframe.broker.BrokerConfig;
import io.msgframe.broker.ConfigFile;
import io.msgframe.protocol.body.DataVersion;
import io.msgframe.protocol.body.NameValidator;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicConfigSerializeWrapper;
import io.msgframe.protocol.body.TopicNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The broker's topics, persisted to {@code config/topics.json} (a {@link TopicConfigSerializeWrapper}, the same
 * shape RocketMQ writes) after every change. Every change bumps the {@link DataVersion}, which name servers
 * compare on each registration, and tells the change listeners (the registrar re-registers at once).
 *
 * <p>Reads are lock-free; changes and the file write happen under one lock, so the file and the version always
 * describe the same table.
 */
public final class TopicConfigTable {
    private static final Logger log = LoggerFactory.getLogger(TopicConfigTable.class);

    private final Path file;
    private final BrokerConfig config;
    private final Clock clock;
    private final ConcurrentHashMap<String, TopicConfig> table = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile DataVersion dataVersion;
    private volatile boolean loaded;

    public TopicConfigTable(Path file, BrokerConfig config, Clock clock) {
        this.file = file;
        this.config = config;
        this.clock = clock;
        this.dataVersion = DataVersion.initial(clock.millis());
    }

    /** Runs after every change (create, update, delete), outside the table's lock. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Reads the file (if any) over the system topics, so a stored config wins; drops TBW102 when auto-creation is
     * off (RocketMQ keeps it off the routes then), and writes the result back.
     *
     * @throws IllegalStateException naming the file if it is unreadable
     */
    public void load() {
        lock.lock();
        try {
            table.clear();
            for (TopicConfig topic : SystemTopics.of(config)) {
                table.put(topic.topicName(), topic);
            }
            TopicConfigSerializeWrapper stored = ConfigFile.read(file, TopicConfigSerializeWrapper.class);
            if (stored != null) {
                stored.topicConfigTable().forEach((name, topic) -> table.put(name, named(name, topic)));
                if (!stored.dataVersion().equals(DataVersion.NONE)) {
                    dataVersion = stored.dataVersion();
                }
            }
            if (!config.autoCreateTopicEnable() && table.remove(TopicNames.DEFAULT_TOPIC) != null) {
                log.info("autoCreateTopicEnable is off: {} removed from the topic table", TopicNames.DEFAULT_TOPIC);
            }
            persistLocked();
            log.info("{} topic(s) loaded from {}", table.size(), file);
            loaded = true;
        } finally {
            lock.unlock();
        }
    }

    public TopicConfig find(String topic) {
        return topic == null ? null : table.get(topic);
    }

    /**
     * The config of {@code topic} for a send, auto-creating it from {@code defaultTopic} when it is unknown
     * (reference §6.3): allowed when the template exists with the INHERIT bit (TBW102 counts only while
     * autoCreateTopicEnable is on); the new topic gets {@code min(queueNums, template's writeQueueNums)} queues
     * each way, the template's perm without INHERIT and filter type, and {@code topicSysFlag}.
     *
     * @param from the producer's address, for the log
     * @return the existing or new config, or null when the topic may not be created
     */
    public TopicConfig createOnSend(String topic, String defaultTopic, int queueNums, int topicSysFlag,
                                    SocketAddress from) {
        TopicConfig existing = find(topic);
        if (existing != null) {
            return existing;
        }
        if (NameValidator.topicProblem(topic).isPresent()) {
            log.warn("Not auto-creating topic '{}' for {}: {}", topic, from, NameValidator.topicProblem(topic).get());
            return null;
        }
        TopicConfig created;
        lock.lock();
        try {
            existing = find(topic);
            if (existing != null) {
                return existing;
            }
            TopicConfig template = find(defaultTopic);
            if (template == null) {
                log.warn("Not auto-creating topic '{}' for {}: the default topic '{}' does not exist", topic, from,
                        defaultTopic);
                return null;
            }
            int templatePerm = template.perm();
            if (TopicNames.DEFAULT_TOPIC.equals(defaultTopic) && !config.autoCreateTopicEnable()) {
                templatePerm = PermName.withoutInherit(templatePerm);
            }
            if (!PermName.isInherited(templatePerm)) {
                log.warn("Not auto-creating topic '{}' for {}: the default topic '{}' has no inherit permission ({})",
                        topic, from, defaultTopic, PermName.toDisplayString(templatePerm));
                return null;
            }
            int queues = Math.max(1, Math.min(queueNums, template.writeQueueNums()));
            created = new TopicConfig(topic, queues, queues, PermName.withoutInherit(templatePerm),
                    template.topicFilterType(), topicSysFlag, false, Map.of());
            putLocked(created);
            log.info("Auto-created topic {} from {} for {}: {} queue(s), perm {}", topic, defaultTopic, from, queues,
                    PermName.toDisplayString(created.perm()));
        } finally {
            lock.unlock();
        }
        fireChange();
        return created;
    }

    /**
     * The retry or dead-letter topic of a group, created with {@code queueNums} queues and perm RW if absent
     * (reference §6.1).
     */
    public TopicConfig createRetryTopic(String topic, int queueNums) {
        TopicConfig existing = find(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig created;
        lock.lock();
        try {
            existing = find(topic);
            if (existing != null) {
                return existing;
            }
            int queues = Math.max(1, queueNums);
            created = TopicConfig.of(topic, queues, queues, PermName.READ_WRITE);
            putLocked(created);
            log.info("Created topic {} with {} queue(s)", topic, queues);
        } finally {
            lock.unlock();
        }
        fireChange();
        return created;
    }

    /** Creates or replaces a topic (admin). */
    public void update(TopicConfig topic) {
        lock.lock();
        try {
            TopicConfig old = table.get(topic.topicName());
            putLocked(topic);
            log.info("Topic {} {}: {}", topic.topicName(), old == null ? "created" : "updated", topic);
        } finally {
            lock.unlock();
        }
        fireChange();
    }

    /** Removes a topic; false if it did not exist. */
    public boolean delete(String topic) {
        lock.lock();
        try {
            if (table.remove(topic) == null) {
                return false;
            }
            dataVersion = dataVersion.next(clock.millis());
            persistLocked();
            log.info("Topic {} deleted", topic);
        } finally {
            lock.unlock();
        }
        fireChange();
        return true;
    }

    /**
     * A new DataVersion without a topic change: name servers only re-read a broker's topics when the version
     * differs, so a change of the broker permission (which alters every registered perm) must bump it, as
     * RocketMQ does. Tells no listener; the caller registers.
     */
    public void bumpDataVersion() {
        lock.lock();
        try {
            dataVersion = dataVersion.next(clock.millis());
            persistLocked();
        } finally {
            lock.unlock();
        }
    }

    public Collection<TopicConfig> all() {
        return List.copyOf(table.values());
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** Version and topics taken together (sorted by name): the registration and GET_ALL_TOPIC_CONFIG body. */
    public TopicConfigSerializeWrapper snapshot() {
        lock.lock();
        try {
            return new TopicConfigSerializeWrapper(dataVersion, new TreeMap<>(table));
        } finally {
            lock.unlock();
        }
    }

    /** Writes the file now (it is also written after every change); nothing before a successful load. */
    public void persist() {
        if (!loaded) {
            return; // never overwrite a file that could not be read
        }
        lock.lock();
        try {
            persistLocked();
        } finally {
            lock.unlock();
        }
    }

    public Path file() {
        return file;
    }

    private void putLocked(TopicConfig topic) {
        table.put(topic.topicName(), topic);
        dataVersion = dataVersion.next(clock.millis());
        persistLocked();
    }

    private void persistLocked() {
        ConfigFile.write(file, new TopicConfigSerializeWrapper(dataVersion, new TreeMap<>(table)));
    }

    private void fireChange() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.error("topic change listener failed", e);
            }
        }
    }

    /** A stored entry whose {@code topicName} is missing or differs from its key is named by its key. */
    private static TopicConfig named(String name, TopicConfig topic) {
        if (name.equals(topic.topicName())) {
            return topic;
        }
        return new TopicConfig(name, topic.readQueueNums(), topic.writeQueueNums(), topic.perm(),
                topic.topicFilterType(), topic.topicSysFlag(), topic.order(), topic.attributes());
    }
}
