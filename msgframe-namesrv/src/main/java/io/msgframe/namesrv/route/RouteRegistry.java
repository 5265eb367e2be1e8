package io.msgframe.namesrv.route;

import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.ClusterInfo;
import io.msgframe.protocol.body.DataVersion;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.QueueData;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicList;
import io.msgframe.protocol.body.TopicRouteData;
import io.msgframe.remoting.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * The name server's whole state (RocketMQ's RouteInfoManager): which broker names hold which topic's queues, who
 * the members of each broker name are, which broker names form each cluster, and which broker processes are live.
 * Rebuilt from registrations; nothing is persisted.
 *
 * <p>Invariants, kept under one {@link ReadWriteLock} (writes hold it for a few map updates, never for I/O):
 * every broker name in {@code clusters} and every topic's queue entry belongs to a broker name that has, or
 * recently had, at least one member; a broker name whose last member leaves loses its queue entries and cluster
 * slot; no map holds an empty collection.
 */
public final class RouteRegistry {
    private static final Logger log = LoggerFactory.getLogger(RouteRegistry.class);

    private final Clock clock;
    private final Supplier<NamesrvConfig> config;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** topic → broker name → its queues of that topic. */
    private final Map<String, Map<String, QueueData>> topics = new HashMap<>();
    /** broker name → cluster and members (broker id → address). */
    private final Map<String, BrokerData> brokers = new TreeMap<>();
    /** cluster name → broker names. */
    private final Map<String, Set<String>> clusters = new TreeMap<>();
    /** broker address → the live process. */
    private final Map<String, LiveBroker> live = new HashMap<>();

    /**
     * @param clock  time of registrations and expiry scans
     * @param config read at each use: default heartbeat timeout, deleteTopicWithBrokerRegistration
     */
    public RouteRegistry(Clock clock, Supplier<NamesrvConfig> config) {
        this.clock = clock;
        this.config = config;
    }

    // --- broker life cycle ------------------------------------------------------------------------------

    /**
     * Records a registration: cluster membership, the member address (an address re-registering under another
     * id replaces its old entry), liveness, and — from a master, on its first registration or when its topic
     * data version changed — the queue entries of every topic it sent.
     */
    public RegisterResult register(BrokerRegistration r) {
        long now = clock.millis();
        lock.writeLock().lock();
        try {
            clusters.computeIfAbsent(r.clusterName(), c -> new TreeSet<>()).add(r.brokerName());
            BrokerData members = brokers.get(r.brokerName());
            boolean newName = members == null;
            Map<Long, String> addrs = new TreeMap<>(newName ? Map.of() : members.brokerAddrs());
            addrs.entrySet().removeIf(e -> e.getValue().equals(r.brokerAddr()) && e.getKey() != r.brokerId());
            boolean newMember = addrs.put(r.brokerId(), r.brokerAddr()) == null;
            brokers.put(r.brokerName(), newName
                    ? new BrokerData(r.clusterName(), r.brokerName(), addrs) : members.withBrokerAddrs(addrs));
            boolean first = newName || newMember;

            DataVersion version = r.topics().dataVersion();
            LiveBroker previous = live.get(r.brokerAddr());
            if (r.isMaster() && (first || previous == null || !previous.dataVersion().equals(version))) {
                updateQueues(r.brokerName(), r.topics().topicConfigTable());
            }
            live.put(r.brokerAddr(), new LiveBroker(r.clusterName(), r.brokerName(), r.brokerId(), r.brokerAddr(),
                    r.haServerAddr(), version, r.channel(), now, r.heartbeatTimeoutMs()));
            if (previous == null) {
                log.info("Broker registered: cluster {}, broker {} id {} at {} (HA {}), {} topics, version {}",
                        r.clusterName(), r.brokerName(), r.brokerId(), r.brokerAddr(), r.haServerAddr(),
                        r.topics().topicConfigTable().size(), version);
            }
            return r.isMaster() ? RegisterResult.NONE : masterOf(addrs);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A broker leaving (UNREGISTER_BROKER): its member entry if it still names this address, its liveness. */
    public void unregister(String clusterName, String brokerName, String brokerAddr, long brokerId) {
        lock.writeLock().lock();
        try {
            live.remove(brokerAddr);
            BrokerData members = brokers.get(brokerName);
            if (members != null && brokerAddr.equals(members.brokerAddrs().get(brokerId))) {
                Map<Long, String> addrs = new TreeMap<>(members.brokerAddrs());
                addrs.remove(brokerId);
                replaceMembers(members, addrs);
            }
            log.info("Broker unregistered: cluster {}, broker {} id {} at {}", clusterName, brokerName, brokerId,
                    brokerAddr);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Drops every broker not heard from within its timeout, with its member entries (and the queue entries of
     * broker names left without members).
     *
     * @return the dropped brokers, whose connections the caller closes
     */
    public List<LiveBroker> removeExpired() {
        long now = clock.millis();
        long defaultTimeout = config.get().brokerHeartbeatTimeoutMs();
        List<LiveBroker> expired = new ArrayList<>();
        lock.writeLock().lock();
        try {
            for (LiveBroker broker : List.copyOf(live.values())) {
                if (broker.expiredAt(now, defaultTimeout)) {
                    expired.add(broker);
                    removeBroker(broker.brokerAddr());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        return expired;
    }

    /** The connection a broker registered on closed: that broker is gone at once. */
    public Optional<LiveBroker> removeByChannel(RemotingChannel channel) {
        lock.writeLock().lock();
        try {
            for (LiveBroker broker : live.values()) {
                if (broker.channel() == channel) {
                    removeBroker(broker.brokerAddr());
                    return Optional.of(broker);
                }
            }
            return Optional.empty();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** True if {@code version} differs from the one the broker at {@code brokerAddr} last registered (or none). */
    public boolean isDataVersionChanged(String brokerAddr, DataVersion version) {
        DataVersion known = dataVersionOf(brokerAddr);
        return known == null || !known.equals(version);
    }

    /** The topic data version the broker at {@code brokerAddr} last registered, or null if it is not live. */
    public DataVersion dataVersionOf(String brokerAddr) {
        lock.readLock().lock();
        try {
            LiveBroker broker = live.get(brokerAddr);
            return broker == null ? null : broker.dataVersion();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Refreshes a live broker's last-heard time (QUERY_DATA_VERSION, BROKER_HEARTBEAT); false if unknown. */
    public boolean touch(String brokerAddr) {
        long now = clock.millis();
        lock.writeLock().lock();
        try {
            LiveBroker broker = live.get(brokerAddr);
            if (broker == null) {
                return false;
            }
            live.put(brokerAddr, broker.touchedAt(now));
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    // --- queries --------------------------------------------------------------------------------------------

    /**
     * The route of {@code topic} (reference §2.3.1): its queue entries and the members of the broker names holding
     * them, or null when no live broker name holds it.
     */
    public TopicRouteData route(String topic) {
        lock.readLock().lock();
        try {
            Map<String, QueueData> queues = topics.get(topic);
            if (queues == null) {
                return null;
            }
            List<BrokerData> brokerDatas = new ArrayList<>();
            for (String brokerName : queues.keySet()) {
                BrokerData members = brokers.get(brokerName);
                if (members != null) {
                    brokerDatas.add(members);
                }
            }
            return brokerDatas.isEmpty() ? null : new TopicRouteData(List.copyOf(queues.values()), brokerDatas);
        } finally {
            lock.readLock().unlock();
        }
    }

    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            Map<String, Set<String>> clusterCopy = new TreeMap<>();
            clusters.forEach((cluster, names) -> clusterCopy.put(cluster, new TreeSet<>(names)));
            return new ClusterInfo(brokers, clusterCopy);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every topic with a queue entry, sorted. */
    public TopicList allTopics() {
        return topicsWhere((topic, queues) -> true);
    }

    /** Topics with a queue entry on a broker name of {@code cluster} (GET_TOPICS_BY_CLUSTER). */
    public TopicList topicsOfCluster(String cluster) {
        lock.readLock().lock();
        try {
            Set<String> names = Set.copyOf(clusters.getOrDefault(cluster, Set.of()));
            return topicsWhere((topic, queues) -> queues.keySet().stream().anyMatch(names::contains));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * GET_SYSTEM_TOPIC_LIST_FROM_NS (reference §2.3.5): every cluster and broker name, and one broker address the
     * admin asks next (a master's when there is one).
     */
    public TopicList systemTopics() {
        lock.readLock().lock();
        try {
            Set<String> names = new TreeSet<>();
            clusters.forEach((cluster, brokerNames) -> {
                names.add(cluster);
                names.addAll(brokerNames);
            });
            String addr = brokers.values().stream().map(BrokerData::masterAddr).filter(a -> a != null)
                    .findFirst()
                    .orElseGet(() -> brokers.values().stream().flatMap(b -> b.brokerAddrs().values().stream())
                            .findFirst().orElse(null));
            return new TopicList(names, addr);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Topics whose queue entries' sysFlag matches (unit-topic lists, codes 311–313). */
    public TopicList topicsWithSysFlag(IntPredicate sysFlagMatches) {
        return topicsWhere((topic, queues) -> queues.values().stream()
                .anyMatch(queue -> sysFlagMatches.test(queue.topicSysFlag())));
    }

    /** Every live broker process, for status output and tests. */
    public List<LiveBroker> liveBrokers() {
        lock.readLock().lock();
        try {
            return List.copyOf(live.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    // --- admin ------------------------------------------------------------------------------------------------

    /**
     * WIPE_WRITE_PERM_OF_BROKER: clears WRITE on every queue entry of {@code brokerName}.
     *
     * @return the number of topics with an entry of that broker name (counted as RocketMQ counts them, changed or
     *         not)
     */
    public int wipeWritePerm(String brokerName) {
        return changePerm(brokerName, PermName::withoutWrite);
    }

    /** ADD_WRITE_PERM_OF_BROKER: sets every queue entry of {@code brokerName} to READ|WRITE, as RocketMQ does. */
    public int addWritePerm(String brokerName) {
        return changePerm(brokerName, perm -> PermName.READ_WRITE);
    }

    /** Removes every queue entry of {@code topic}. */
    public void deleteTopic(String topic) {
        lock.writeLock().lock();
        try {
            topics.remove(topic);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the queue entries of {@code topic} on the broker names of {@code cluster}. */
    public void deleteTopic(String topic, String cluster) {
        lock.writeLock().lock();
        try {
            Map<String, QueueData> queues = topics.get(topic);
            Set<String> names = clusters.get(cluster);
            if (queues != null && names != null) {
                queues.keySet().removeAll(names);
                if (queues.isEmpty()) {
                    topics.remove(topic);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    // --- under the write lock ---------------------------------------------------------------------------------

    private void updateQueues(String brokerName, Map<String, TopicConfig> configs) {
        if (config.get().deleteTopicWithBrokerRegistration()) {
            for (String topic : List.copyOf(topics.keySet())) {
                if (!configs.containsKey(topic)) {
                    removeQueues(topic, brokerName);
                }
            }
        }
        configs.forEach((key, topicConfig) -> {
            String topic = topicConfig.topicName() != null ? topicConfig.topicName() : key;
            if (topic == null || topic.isBlank()) {
                log.warn("Broker {} registered a topic config without a name; ignored: {}", brokerName, topicConfig);
                return;
            }
            QueueData queue = QueueData.of(brokerName, topicConfig);
            QueueData old = topics.computeIfAbsent(topic, t -> new TreeMap<>()).put(brokerName, queue);
            if (!queue.equals(old)) {
                log.debug("Route of topic {} on broker {}: {} (was {})", topic, brokerName, queue, old);
            }
        });
    }

    private RegisterResult masterOf(Map<Long, String> addrs) {
        String masterAddr = addrs.get(BrokerData.MASTER_ID);
        LiveBroker master = masterAddr == null ? null : live.get(masterAddr);
        return master == null ? RegisterResult.NONE : new RegisterResult(master.haServerAddr(), masterAddr);
    }

    private void removeBroker(String brokerAddr) {
        live.remove(brokerAddr);
        for (BrokerData members : List.copyOf(brokers.values())) {
            if (members.brokerAddrs().containsValue(brokerAddr)) {
                Map<Long, String> addrs = new TreeMap<>(members.brokerAddrs());
                addrs.values().removeIf(brokerAddr::equals);
                replaceMembers(members, addrs);
            }
        }
    }

    /** Stores the new member set; a broker name left without members loses its cluster slot and queues. */
    private void replaceMembers(BrokerData members, Map<Long, String> addrs) {
        String brokerName = members.brokerName();
        if (!addrs.isEmpty()) {
            brokers.put(brokerName, members.withBrokerAddrs(addrs));
            return;
        }
        brokers.remove(brokerName);
        clusters.values().forEach(names -> names.remove(brokerName));
        clusters.values().removeIf(Set::isEmpty);
        for (String topic : List.copyOf(topics.keySet())) {
            removeQueues(topic, brokerName);
        }
        log.info("Broker name {} has no live member left: removed with its queues", brokerName);
    }

    private void removeQueues(String topic, String brokerName) {
        Map<String, QueueData> queues = topics.get(topic);
        if (queues != null && queues.remove(brokerName) != null) {
            log.debug("Removed the queues of topic {} on broker {}", topic, brokerName);
            if (queues.isEmpty()) {
                topics.remove(topic);
            }
        }
    }

    private int changePerm(String brokerName, IntUnaryOperator change) {
        lock.writeLock().lock();
        try {
            int count = 0;
            for (Map<String, QueueData> queues : topics.values()) {
                QueueData queue = queues.get(brokerName);
                if (queue != null) {
                    queues.put(brokerName, queue.withPerm(change.applyAsInt(queue.perm())));
                    count++;
                }
            }
            return count;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private interface TopicFilter {
        boolean test(String topic, Map<String, QueueData> queues);
    }

    private TopicList topicsWhere(TopicFilter filter) {
        lock.readLock().lock();
        try {
            Set<String> names = new TreeSet<>();
            topics.forEach((topic, queues) -> {
                if (filter.test(topic, queues)) {
                    names.add(topic);
                }
            });
            return new TopicList(names);
        } finally {
            lock.readLock().unlock();
        }
    }
}
