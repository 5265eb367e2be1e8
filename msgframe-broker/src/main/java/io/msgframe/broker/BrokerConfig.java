package io.msgframe.broker;

import io.msgframe.protocol.body.DataVersion;
import io.msgframe.protocol.body.NameValidator;
import io.msgframe.protocol.config.ConfigException;
import io.msgframe.protocol.config.ConfigKey;
import io.msgframe.protocol.config.ConfigTable;
import io.msgframe.protocol.config.ConfigValues;
import io.msgframe.remoting.RemotingServerConfig;
import io.msgframe.store.config.StoreConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The broker's configuration: its own declaration table ({@link #TABLE}, RocketMQ {@code broker.conf} names as
 * aliases) plus the store's ({@link StoreConfig#TABLE}) and the remoting server's
 * ({@link RemotingServerConfig#TABLE}) keys, all read from one properties map by {@link #parse}. Every value is
 * validated and every key none of the three tables knows is reported by name.
 *
 * <p>Keys listed in {@link #RUNTIME_KEYS} may be changed while running ({@link #update}, UPDATE_BROKER_CONFIG);
 * the others need a restart.
 */
public final class BrokerConfig {
    public static final ConfigKey<String> CLUSTER_NAME = name("brokerClusterName", "DefaultCluster",
            "cluster this broker belongs to (also a topic name, registered like RocketMQ does)");
    public static final ConfigKey<String> BROKER_NAME = name("brokerName", LocalHost.defaultBrokerName(),
            "name of this broker's replica set; queues are attached to it (default broker-<host>)");
    public static final ConfigKey<Long> BROKER_ID = ConfigKey.ofLong("brokerId", 0, 0, Long.MAX_VALUE,
            "0 = master, 1, 2, ... = slaves", "brokerId");
    public static final ConfigKey<String> NAMESRV_ADDR = new ConfigKey<>("namesrvAddr", String.class, "",
            String::trim, BrokerConfig::isAddressList, "host:port entries separated by ';' (may be empty)",
            "name servers to register with, host:port separated by ';'; empty = register nowhere", "namesrvAddr");
    public static final ConfigKey<String> BROKER_IP = ConfigKey.ofString("brokerIP1",
            LocalHost.firstNonLoopbackIpv4(), "address clients are told to use (default: first non-loopback IPv4)",
            "brokerIP1");
    public static final ConfigKey<Integer> HA_LISTEN_PORT = ConfigKey.ofInt("haListenPort", 10912, 0, 65535,
            "replication port announced to name servers as haServerAddr", "haListenPort");
    public static final ConfigKey<Boolean> AUTO_CREATE_TOPIC = ConfigKey.ofBoolean("autoCreateTopicEnable", true,
            "create an unknown topic on its first send from the TBW102 template. On in code and standalone; the "
                    + "production sample sets false: an auto-created topic gets the default queue count on "
                    + "whichever broker the first producer reaches, and a typo in a name silently creates a topic",
            "autoCreateTopicEnable");
    public static final ConfigKey<Boolean> AUTO_CREATE_GROUP = ConfigKey.ofBoolean("autoCreateSubscriptionGroup",
            true, "create a consumer group's config the first time the group is seen", "autoCreateSubscriptionGroup");
    public static final ConfigKey<Integer> DEFAULT_TOPIC_QUEUE_NUMS = ConfigKey.ofInt("defaultTopicQueueNums", 8, 1,
            1024, "queues of the TBW102 template, the most an auto-created topic gets", "defaultTopicQueueNums");
    public static final ConfigKey<Integer> BROKER_PERMISSION = ConfigKey.ofInt("brokerPermission", 6, 0, 7,
            "permission bits of the whole broker (6 = read+write, 4 = read only: taking a broker out)",
            "brokerPermission");
    public static final ConfigKey<Boolean> CLUSTER_TOPIC_ENABLE = ConfigKey.ofBoolean("clusterTopicEnable", true,
            "make the cluster-name topic readable and writable (else inherit-only)", "clusterTopicEnable");
    public static final ConfigKey<Boolean> BROKER_TOPIC_ENABLE = ConfigKey.ofBoolean("brokerTopicEnable", true,
            "make the broker-name topic readable and writable (else inherit-only)", "brokerTopicEnable");
    public static final ConfigKey<Integer> REGISTER_PERIOD_MS = ConfigKey.ofInt("registerNameServerPeriodMs",
            30_000, 1_000, 60_000, "how often the broker re-registers with every name server",
            "registerNameServerPeriod");
    public static final ConfigKey<Integer> REGISTER_TIMEOUT_MS = ConfigKey.ofInt("registerTimeoutMs", 6_000, 100,
            60_000, "how long one registration with a name server may take", "registerBrokerTimeoutMills");
    public static final ConfigKey<Boolean> LONG_POLLING = ConfigKey.ofBoolean("longPollingEnable", true,
            "hold pulls that find nothing until a message arrives or the hold time ends", "longPollingEnable");
    public static final ConfigKey<Long> SUSPEND_TIMEOUT_MS = ConfigKey.ofLong("suspendTimeoutMillis", 15_000, 0,
            3_600_000, "longest a pull is held; clients send their own hold time in the pull header (15 s for "
                    + "push consumers) and the shorter one wins", null);
    public static final ConfigKey<Integer> MAX_RECONSUME_TIMES = ConfigKey.ofInt("maxReconsumeTimes", 16, 0, 10_000,
            "deliveries of a failing message before it goes to the dead-letter topic, when the client sends none",
            null);
    public static final ConfigKey<String> MESSAGE_DELAY_LEVEL = new ConfigKey<>("messageDelayLevel", String.class,
            io.msgframe.broker.schedule.DelayLevels.DEFAULT, String::trim,
            io.msgframe.broker.schedule.DelayLevels::isValid,
            "1 to 18 delays separated by spaces, each a number with unit ms, s, m, h or d",
            "delay of each DELAY level, level 1 first; a higher level is clamped to the last", "messageDelayLevel");
    public static final ConfigKey<Integer> FLUSH_DELAY_OFFSET_INTERVAL_MS = ConfigKey.ofInt(
            "flushDelayOffsetIntervalMs", 10_000, 100, 600_000,
            "how often the delay levels' delivery progress is written to config/delayOffsets.json",
            "flushDelayOffsetInterval");
    public static final ConfigKey<Integer> FLUSH_OFFSET_INTERVAL_MS = ConfigKey.ofInt(
            "flushConsumerOffsetIntervalMs", 5_000, 100, 600_000,
            "how often committed consumer offsets are written to config/consumerOffsets.json",
            "flushConsumerOffsetInterval");
    public static final ConfigKey<Long> CLIENT_EXPIRY_MS = ConfigKey.ofLong("clientExpiryMs", 120_000, 1_000,
            3_600_000, "a producer or consumer connection without a heartbeat for this long is dropped",
            "channelExpiredTimeout");
    public static final ConfigKey<Long> LOCK_MAX_LIVE_MS = ConfigKey.ofLong("rebalanceLockMaxLiveTimeMs", 60_000,
            1_000, 3_600_000, "an orderly-consumption queue lock not refreshed for this long may be taken over",
            null);
    public static final ConfigKey<Boolean> REJECT_TRANSACTION_MESSAGE = ConfigKey.ofBoolean(
            "rejectTransactionMessage", false, "refuse transactional half messages with NO_PERMISSION",
            "rejectTransactionMessage");
    public static final ConfigKey<Integer> SEND_THREADS = threads("sendThreads", 4, "send requests",
            "sendMessageThreadPoolNums");
    public static final ConfigKey<Integer> PULL_THREADS = threads("pullThreads", 32, "pull requests",
            "pullMessageThreadPoolNums");
    public static final ConfigKey<Integer> ADMIN_THREADS = threads("adminThreads", 16,
            "admin requests, queue locks and offset look-ups", "adminBrokerThreadPoolNums");
    public static final ConfigKey<Integer> HEARTBEAT_THREADS = threads("heartbeatThreads", 8,
            "heartbeats and client (un)registration", "heartbeatThreadPoolNums");
    public static final ConfigKey<Integer> QUERY_THREADS = threads("queryThreads", 8, "message queries",
            "queryMessageThreadPoolNums");
    public static final ConfigKey<Integer> CONSUMER_MANAGE_THREADS = threads("consumerManageThreads", 16,
            "consumer offset commits and queries, consumer lists", "consumerManageThreadPoolNums");
    public static final ConfigKey<Long> PRODUCER_STATE_EXPIRY_MS = ConfigKey.ofLong("producerStateExpiryMs",
            7L * 24 * 3_600_000, 1_000, Long.MAX_VALUE, "idempotent producer: a producer id's sequence state on a "
                    + "queue is dropped after this long without a send (it must then restart that queue at 0)", null);
    public static final ConfigKey<Integer> PRODUCER_STATE_MAX_ENTRIES = ConfigKey.ofInt("producerStateMaxEntries",
            100_000, 1, 100_000_000, "idempotent producer: most (producer id, queue) sequence states kept; a new one "
                    + "beyond drops the one idle longest", null);
    public static final ConfigKey<Long> PRODUCER_STATE_SNAPSHOT_INTERVAL_MS = ConfigKey.ofLong(
            "producerStateSnapshotIntervalMs", 10_000, 100, 3_600_000, "idempotent producer: how often the sequence "
                    + "state is written to config/producerState.json (a restart scans the log past it)", null);

    public static final ConfigTable TABLE = new ConfigTable("broker", List.of(CLUSTER_NAME, BROKER_NAME, BROKER_ID,
            NAMESRV_ADDR, BROKER_IP, HA_LISTEN_PORT, AUTO_CREATE_TOPIC, AUTO_CREATE_GROUP, DEFAULT_TOPIC_QUEUE_NUMS,
            BROKER_PERMISSION, CLUSTER_TOPIC_ENABLE, BROKER_TOPIC_ENABLE, REGISTER_PERIOD_MS, REGISTER_TIMEOUT_MS,
            LONG_POLLING, SUSPEND_TIMEOUT_MS, MAX_RECONSUME_TIMES, FLUSH_OFFSET_INTERVAL_MS, CLIENT_EXPIRY_MS,
            LOCK_MAX_LIVE_MS, SEND_THREADS, PULL_THREADS, ADMIN_THREADS, HEARTBEAT_THREADS, QUERY_THREADS,
            CONSUMER_MANAGE_THREADS, PRODUCER_STATE_EXPIRY_MS, PRODUCER_STATE_MAX_ENTRIES,
            PRODUCER_STATE_SNAPSHOT_INTERVAL_MS, REJECT_TRANSACTION_MESSAGE,
            MESSAGE_DELAY_LEVEL, FLUSH_DELAY_OFFSET_INTERVAL_MS));

    /** Keys {@link #update} may change while the broker runs; they are read at each use. */
    public static final Set<ConfigKey<?>> RUNTIME_KEYS = Set.of(NAMESRV_ADDR, AUTO_CREATE_TOPIC, AUTO_CREATE_GROUP,
            DEFAULT_TOPIC_QUEUE_NUMS, BROKER_PERMISSION, LONG_POLLING, SUSPEND_TIMEOUT_MS, MAX_RECONSUME_TIMES,
            CLIENT_EXPIRY_MS, LOCK_MAX_LIVE_MS, REJECT_TRANSACTION_MESSAGE);

    private final Map<String, String> brokerRaw;
    private final StoreConfig store;
    private final ConfigValues remotingValues;
    private final RemotingServerConfig remoting;
    private volatile ConfigValues values;
    private volatile DataVersion dataVersion;
    private volatile int boundPort = -1;

    private BrokerConfig(Map<String, String> brokerRaw, ConfigValues values, StoreConfig store,
                         ConfigValues remotingValues) {
        this.brokerRaw = brokerRaw;
        this.values = values;
        this.store = store;
        this.remotingValues = remotingValues;
        this.remoting = RemotingServerConfig.from(remotingValues);
        this.dataVersion = DataVersion.initial(System.currentTimeMillis());
    }

    /**
     * Reads a broker's properties: broker, store and remoting keys together, by MsgFrame name or RocketMQ alias.
     *
     * @throws ConfigException naming every bad value and every key no table knows
     */
    public static BrokerConfig parse(Map<String, String> raw) {
        List<String> problems = new ArrayList<>();
        Map<String, String> known = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = e.getKey();
            if (TABLE.knows(key) || StoreConfig.TABLE.knows(key) || RemotingServerConfig.TABLE.knows(key)) {
                known.put(key, e.getValue());
            } else if (RocketMqSettings.handles(key)) {
                RocketMqSettings.check(key, e.getValue()).ifPresent(problems::add);
            } else {
                problems.add("unknown key '" + key + "' (not a broker, store or remoting setting)");
            }
        }
        raw = known;
        ConfigValues broker = null;
        StoreConfig store = null;
        ConfigValues remoting = null;
        try {
            broker = TABLE.parse(raw, true);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            store = StoreConfig.fromShared(raw);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            remoting = RemotingServerConfig.TABLE.parse(raw, true);
            RemotingServerConfig.from(remoting);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new BrokerConfig(brokerKeysByName(raw), broker, store, remoting);
    }

    /** Every key at its default. */
    public static BrokerConfig defaults() {
        return parse(Map.of());
    }

    /**
     * Changes {@link #RUNTIME_KEYS} while running. All changes are validated first; nothing changes if any is
     * bad or names a key that needs a restart.
     *
     * @return the names of the keys whose value changed
     * @throws ConfigException naming every bad, unknown or restart-only key
     */
    public synchronized Set<String> update(Map<String, String> changes) {
        List<String> problems = new ArrayList<>();
        Map<String, String> merged = new HashMap<>(brokerRaw);
        for (Map.Entry<String, String> change : changes.entrySet()) {
            ConfigKey<?> key = keyOf(change.getKey());
            if (key == null) {
                boolean elsewhere = StoreConfig.TABLE.knows(change.getKey())
                        || RemotingServerConfig.TABLE.knows(change.getKey());
                problems.add(elsewhere ? "'" + change.getKey() + "' cannot be changed while running; set it in the "
                        + "config file and restart" : "unknown key '" + change.getKey() + "'");
            } else if (!RUNTIME_KEYS.contains(key)) {
                problems.add("'" + change.getKey() + "' cannot be changed while running; set it in the config file"
                        + " and restart");
            } else {
                merged.put(key.name(), change.getValue());
            }
        }
        ConfigValues next = null;
        try {
            next = TABLE.parse(merged, false);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Set<String> changed = new LinkedHashSet<>();
        for (ConfigKey<?> key : TABLE.keys()) {
            if (!values.get(key).equals(next.get(key))) {
                changed.add(key.name());
            }
        }
        brokerRaw.clear();
        brokerRaw.putAll(merged);
        values = next;
        if (!changed.isEmpty()) {
            dataVersion = dataVersion.next(System.currentTimeMillis());
        }
        return changed;
    }

    /** Every broker, store and remoting key with its current value, for GET_BROKER_CONFIG. */
    public Map<String, String> toProperties() {
        Map<String, String> all = new LinkedHashMap<>();
        ConfigValues current = values;
        for (ConfigKey<?> key : TABLE.keys()) {
            all.put(key.name(), String.valueOf(current.get(key)));
        }
        for (ConfigKey<?> key : StoreConfig.TABLE.keys()) {
            all.put(key.name(), String.valueOf(store.get(key)));
        }
        for (ConfigKey<?> key : RemotingServerConfig.TABLE.keys()) {
            all.put(key.name(), String.valueOf(remotingValues.get(key)));
        }
        all.put(RemotingServerConfig.PORT.name(), Integer.toString(listenPort()));
        return all;
    }

    /** Bumped by every {@link #update} that changed something. */
    public DataVersion dataVersion() {
        return dataVersion;
    }

    public <T> T get(ConfigKey<T> key) {
        return values.get(key);
    }

    // --- typed accessors ---------------------------------------------------------------------------

    public String brokerClusterName() {
        return values.get(CLUSTER_NAME);
    }

    public String brokerName() {
        return values.get(BROKER_NAME);
    }

    public long brokerId() {
        return values.get(BROKER_ID);
    }

    /** The name-server list as configured (";"-separated, may be empty). */
    public String namesrvAddr() {
        return values.get(NAMESRV_ADDR);
    }

    /** The name servers, one "host:port" each; empty when none is configured. */
    public List<String> namesrvAddrList() {
        return Arrays.stream(namesrvAddr().split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public String brokerIP1() {
        return values.get(BROKER_IP);
    }

    /** The listening port: the bound one once the broker started (also when configured as 0). */
    public int listenPort() {
        int bound = boundPort;
        return bound >= 0 ? bound : remoting.port();
    }

    /** "brokerIP1:listenPort", the address clients and name servers are given. */
    public String brokerAddr() {
        return brokerIP1() + ":" + listenPort();
    }

    /** "brokerIP1:haListenPort", announced to name servers for replication. */
    public String haServerAddr() {
        return brokerIP1() + ":" + values.get(HA_LISTEN_PORT);
    }

    public boolean autoCreateTopicEnable() {
        return values.get(AUTO_CREATE_TOPIC);
    }

    public boolean autoCreateSubscriptionGroup() {
        return values.get(AUTO_CREATE_GROUP);
    }

    public int defaultTopicQueueNums() {
        return values.get(DEFAULT_TOPIC_QUEUE_NUMS);
    }

    public int brokerPermission() {
        return values.get(BROKER_PERMISSION);
    }

    public boolean clusterTopicEnable() {
        return values.get(CLUSTER_TOPIC_ENABLE);
    }

    public boolean brokerTopicEnable() {
        return values.get(BROKER_TOPIC_ENABLE);
    }

    public int registerNameServerPeriodMs() {
        return values.get(REGISTER_PERIOD_MS);
    }

    public int registerTimeoutMs() {
        return values.get(REGISTER_TIMEOUT_MS);
    }

    public boolean longPollingEnable() {
        return values.get(LONG_POLLING);
    }

    public long suspendTimeoutMillis() {
        return values.get(SUSPEND_TIMEOUT_MS);
    }

    public String messageDelayLevel() {
        return values.get(MESSAGE_DELAY_LEVEL);
    }

    public int flushDelayOffsetIntervalMs() {
        return values.get(FLUSH_DELAY_OFFSET_INTERVAL_MS);
    }

    public int maxReconsumeTimes() {
        return values.get(MAX_RECONSUME_TIMES);
    }

    public int flushConsumerOffsetIntervalMs() {
        return values.get(FLUSH_OFFSET_INTERVAL_MS);
    }

    public long clientExpiryMs() {
        return values.get(CLIENT_EXPIRY_MS);
    }

    public long rebalanceLockMaxLiveTimeMs() {
        return values.get(LOCK_MAX_LIVE_MS);
    }

    public long producerStateExpiryMs() {
        return values.get(PRODUCER_STATE_EXPIRY_MS);
    }

    public int producerStateMaxEntries() {
        return values.get(PRODUCER_STATE_MAX_ENTRIES);
    }

    public long producerStateSnapshotIntervalMs() {
        return values.get(PRODUCER_STATE_SNAPSHOT_INTERVAL_MS);
    }

    public boolean rejectTransactionMessage() {
        return values.get(REJECT_TRANSACTION_MESSAGE);
    }

    public StoreConfig storeConfig() {
        return store;
    }

    public RemotingServerConfig remotingConfig() {
        return remoting;
    }

    /** Threads of the executor serving one kind of request ({@link ProcessorTable#SEND} ...); 4 for others. */
    public int threadsOf(String executorKind) {
        return switch (executorKind) {
            case ProcessorTable.SEND -> values.get(SEND_THREADS);
            case ProcessorTable.PULL -> values.get(PULL_THREADS);
            case ProcessorTable.ADMIN -> values.get(ADMIN_THREADS);
            case ProcessorTable.HEARTBEAT -> values.get(HEARTBEAT_THREADS);
            case ProcessorTable.QUERY -> values.get(QUERY_THREADS);
            case ProcessorTable.CONSUMER_MANAGE -> values.get(CONSUMER_MANAGE_THREADS);
            default -> 4;
        };
    }

    /** Set by the broker once its server is bound, so listenPort 0 reports the real port. */
    void bindPort(int port) {
        this.boundPort = port;
    }

    // --- table helpers ------------------------------------------------------------------------------

    private static ConfigKey<String> name(String key, String defaultValue, String doc) {
        return new ConfigKey<>(key, String.class, defaultValue, String::trim,
                v -> !v.isEmpty() && v.length() <= NameValidator.TOPIC_MAX_LENGTH && !NameValidator.hasIllegalCharacter(v),
                "a name of the characters %|-_0-9A-Za-z, at most 127 long", doc, key);
    }

    private static ConfigKey<Integer> threads(String key, int defaultValue, String what, String alias) {
        return ConfigKey.ofInt(key, defaultValue, 1, 1024, "threads serving " + what, alias);
    }

    private static boolean isAddressList(String text) {
        for (String part : text.split(";")) {
            String addr = part.trim();
            if (addr.isEmpty()) {
                continue;
            }
            int colon = addr.lastIndexOf(':');
            if (colon <= 0 || colon == addr.length() - 1) {
                return false;
            }
            try {
                int port = Integer.parseInt(addr.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    return false;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static ConfigKey<?> keyOf(String nameOrAlias) {
        for (ConfigKey<?> key : TABLE.keys()) {
            if (key.name().equals(nameOrAlias) || nameOrAlias.equals(key.rocketmqAlias())) {
                return key;
            }
        }
        return null;
    }

    private static Map<String, String> brokerKeysByName(Map<String, String> raw) {
        Map<String, String> byName = new HashMap<>();
        raw.forEach((k, v) -> {
            ConfigKey<?> key = keyOf(k);
            if (key != null) {
                byName.put(key.name(), v);
            }
        });
        return byName;
    }
}
