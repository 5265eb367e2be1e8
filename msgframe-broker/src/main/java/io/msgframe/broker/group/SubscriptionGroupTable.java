package io.msgframe.broker.group;

import io.msgframe.broker.BrokerConfig;
import io.msgframe.broker.ConfigFile;
import io.msgframe.protocol.body.DataVersion;
import io.msgframe.protocol.body.GroupNames;
import io.msgframe.protocol.body.SubscriptionGroupConfig;
import io.msgframe.protocol.body.SubscriptionGroupWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Consumer groups' configs (reference §6.8), persisted to {@code config/subscriptionGroups.json} (a
 * {@link SubscriptionGroupWrapper}, RocketMQ's shape) after every change. A group seen for the first time is
 * auto-created with RocketMQ's defaults while {@code autoCreateSubscriptionGroup} is on.
 */
public final class SubscriptionGroupTable {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionGroupTable.class);
    /** Groups RocketMQ's brokers create for their own tools at start. */
    private static final List<String> SYSTEM_GROUPS = List.of(GroupNames.TOOLS_CONSUMER,
            GroupNames.FILTERSRV_CONSUMER, GroupNames.SELF_TEST_CONSUMER, GroupNames.TRANSACTION_CHECK_GROUP);

    private final Path file;
    private final BrokerConfig config;
    private final Clock clock;
    private final ConcurrentHashMap<String, SubscriptionGroupConfig> table = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile DataVersion dataVersion;
    private volatile boolean loaded;

    public SubscriptionGroupTable(Path file, BrokerConfig config, Clock clock) {
        this.file = file;
        this.config = config;
        this.clock = clock;
        this.dataVersion = DataVersion.initial(clock.millis());
    }

    /**
     * Reads the file (if any) over the system groups and writes the result back.
     *
     * @throws IllegalStateException naming the file if it is unreadable
     */
    public void load() {
        lock.lock();
        try {
            table.clear();
            for (String group : SYSTEM_GROUPS) {
                table.put(group, SubscriptionGroupConfig.defaults(group));
            }
            SubscriptionGroupWrapper stored = ConfigFile.read(file, SubscriptionGroupWrapper.class);
            if (stored != null) {
                stored.subscriptionGroupTable().forEach((name, group) -> {
                    if (name.equals(group.groupName())) {
                        table.put(name, group);
                    } else {
                        log.warn("{}: entry '{}' names group '{}'; using the entry's key", file, name,
                                group.groupName());
                        table.put(name, SubscriptionGroupConfig.defaults(name));
                    }
                });
                if (!stored.dataVersion().equals(DataVersion.NONE)) {
                    dataVersion = stored.dataVersion();
                }
            }
            persistLocked();
            log.info("{} subscription group(s) loaded from {}", table.size(), file);
            loaded = true;
        } finally {
            lock.unlock();
        }
    }

    public SubscriptionGroupConfig find(String group) {
        return group == null ? null : table.get(group);
    }

    /** The group's config, auto-created with defaults if absent and allowed; null if absent and not allowed. */
    public SubscriptionGroupConfig findOrCreate(String group) {
        SubscriptionGroupConfig existing = find(group);
        if (existing != null || group == null || !config.autoCreateSubscriptionGroup()) {
            return existing;
        }
        lock.lock();
        try {
            existing = table.get(group);
            if (existing != null) {
                return existing;
            }
            SubscriptionGroupConfig created = SubscriptionGroupConfig.defaults(group);
            putLocked(created);
            log.info("Auto-created subscription group {}", group);
            return created;
        } finally {
            lock.unlock();
        }
    }

    /** Creates or replaces a group's config (admin). */
    public void update(SubscriptionGroupConfig group) {
        lock.lock();
        try {
            SubscriptionGroupConfig old = table.get(group.groupName());
            putLocked(group);
            log.info("Subscription group {} {}: {}", group.groupName(), old == null ? "created" : "updated", group);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a group's config; false if it did not exist. */
    public boolean delete(String group) {
        lock.lock();
        try {
            if (table.remove(group) == null) {
                return false;
            }
            dataVersion = dataVersion.next(clock.millis());
            persistLocked();
            log.info("Subscription group {} deleted", group);
            return true;
        } finally {
            lock.unlock();
        }
    }

    public Collection<SubscriptionGroupConfig> all() {
        return List.copyOf(table.values());
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** Version and groups taken together: the GET_ALL_SUBSCRIPTIONGROUP_CONFIG body. */
    public SubscriptionGroupWrapper snapshot() {
        lock.lock();
        try {
            return new SubscriptionGroupWrapper(dataVersion, new TreeMap<>(table));
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

    private void putLocked(SubscriptionGroupConfig group) {
        table.put(group.groupName(), group);
        dataVersion = dataVersion.next(clock.millis());
        persistLocked();
    }

    private void persistLocked() {
        ConfigFile.write(file, new SubscriptionGroupWrapper(dataVersion, new TreeMap<>(table)));
    }
}
