package io.msgframe.namesrv.config;

import io.msgframe.protocol.config.ConfigKey;
import io.msgframe.protocol.config.ConfigTable;
import io.msgframe.protocol.config.ConfigValues;
import io.msgframe.remoting.RemotingServerConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The name server's configuration: one declaration table ({@link #TABLE}) and the typed, validated values.
 * RocketMQ's {@code namesrv.conf} names are accepted as aliases where the meaning and unit are the same.
 * Immutable; {@link #with} and {@link #withUpdates} make changed copies.
 */
public final class NamesrvConfig {
    /** Stands for the user's home directory at the start of {@link #KV_CONFIG_PATH}, as RocketMQ's default does. */
    private static final String HOME_PREFIX = "~/";

    public static final ConfigKey<String> BIND_ADDRESS = ConfigKey.ofString("bindAddress", "0.0.0.0",
            "local address the name server listens on (0.0.0.0 = all interfaces)", "bindAddress");
    public static final ConfigKey<Integer> LISTEN_PORT = ConfigKey.ofInt("listenPort", 9876, 0, 65535,
            "TCP port of the name server (0 = any free port)", "listenPort");
    public static final ConfigKey<Long> BROKER_HEARTBEAT_TIMEOUT_MS = ConfigKey.ofLong("brokerHeartbeatTimeoutMs",
            120_000, 1_000, 3_600_000,
            "a broker not re-registered for this long is dropped with its routes (a 5.x broker may ask for "
                    + "another value in its registration)", null);
    public static final ConfigKey<Long> SCAN_INTERVAL_MS = ConfigKey.ofLong("scanIntervalMs", 5_000, 100, 600_000,
            "how often silent brokers are looked for", "scanNotActiveBrokerInterval");
    public static final ConfigKey<String> KV_CONFIG_PATH = ConfigKey.ofString("kvConfigPath",
            HOME_PREFIX + "namesrv/kvConfig.json",
            "file holding the KV config (e.g. ORDER_TOPIC_CONFIG); a leading ~/ is the user's home", "kvConfigPath");
    public static final ConfigKey<Boolean> ORDER_MESSAGE_ENABLE = ConfigKey.ofBoolean("orderMessageEnable", false,
            "add the ORDER_TOPIC_CONFIG entry of a topic to its route as orderTopicConf", "orderMessageEnable");
    public static final ConfigKey<Boolean> DELETE_TOPIC_WITH_BROKER_REGISTRATION = ConfigKey.ofBoolean(
            "deleteTopicWithBrokerRegistration", false,
            "a master's registration removes its queues of topics it no longer lists",
            "deleteTopicWithBrokerRegistration");
    public static final ConfigKey<Integer> ROUTE_QUERY_THREADS = ConfigKey.ofInt("routeQueryThreads", 8, 1, 256,
            "threads answering route and cluster queries", "clientRequestThreadPoolNums");
    public static final ConfigKey<Integer> ROUTE_QUERY_QUEUE_CAPACITY = ConfigKey.ofInt("routeQueryQueueCapacity",
            50_000, 1, 10_000_000, "route queries waiting for a thread before SYSTEM_BUSY",
            "clientRequestThreadPoolQueueCapacity");
    public static final ConfigKey<Integer> BROKER_REQUEST_THREADS = ConfigKey.ofInt("brokerRequestThreads", 4, 1,
            256, "threads serving broker registrations and heartbeats", null);
    public static final ConfigKey<Integer> BROKER_REQUEST_QUEUE_CAPACITY = ConfigKey.ofInt(
            "brokerRequestQueueCapacity", 10_000, 1, 10_000_000,
            "broker registrations waiting for a thread before SYSTEM_BUSY", null);
    public static final ConfigKey<Integer> ADMIN_THREADS = ConfigKey.ofInt("adminThreads", 4, 1, 256,
            "threads serving admin, KV and configuration requests", "defaultThreadPoolNums");
    public static final ConfigKey<Integer> ADMIN_QUEUE_CAPACITY = ConfigKey.ofInt("adminQueueCapacity", 10_000, 1,
            10_000_000, "admin requests waiting for a thread before SYSTEM_BUSY", "defaultThreadPoolQueueCapacity");

    public static final ConfigTable TABLE = new ConfigTable("namesrv", List.of(BIND_ADDRESS, LISTEN_PORT,
            BROKER_HEARTBEAT_TIMEOUT_MS, SCAN_INTERVAL_MS, KV_CONFIG_PATH, ORDER_MESSAGE_ENABLE,
            DELETE_TOPIC_WITH_BROKER_REGISTRATION, ROUTE_QUERY_THREADS, ROUTE_QUERY_QUEUE_CAPACITY,
            BROKER_REQUEST_THREADS, BROKER_REQUEST_QUEUE_CAPACITY, ADMIN_THREADS, ADMIN_QUEUE_CAPACITY));

    /**
     * Keys fixed once the server runs: UPDATE_NAMESRV_CONFIG refuses them. The path keys are also a safety rule:
     * a remote request must never choose which file the server writes (RocketMQ CVE-2023-37582).
     */
    public static final Set<ConfigKey<?>> FIXED_AT_START = Set.of(BIND_ADDRESS, LISTEN_PORT, KV_CONFIG_PATH,
            SCAN_INTERVAL_MS, ROUTE_QUERY_THREADS, ROUTE_QUERY_QUEUE_CAPACITY, BROKER_REQUEST_THREADS,
            BROKER_REQUEST_QUEUE_CAPACITY, ADMIN_THREADS, ADMIN_QUEUE_CAPACITY);

    private final ConfigValues values;

    private NamesrvConfig(ConfigValues values) {
        this.values = values;
    }

    /** @throws io.msgframe.protocol.config.ConfigException listing every bad or unknown key */
    public static NamesrvConfig of(Map<String, String> raw) {
        return new NamesrvConfig(TABLE.parse(raw, false));
    }

    /** Parses only the name server's keys of a file shared with other subsystems (standalone mode). */
    public static NamesrvConfig fromShared(Map<String, String> raw) {
        return new NamesrvConfig(TABLE.parse(raw, true));
    }

    /** Every key at its default. */
    public static NamesrvConfig defaults() {
        return of(Map.of());
    }

    /** A copy with some keys changed: {@code config.with("listenPort", "0")}. */
    public NamesrvConfig with(String... keyValuePairs) {
        if (keyValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected, got an odd count");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            changes.put(keyValuePairs[i], keyValuePairs[i + 1]);
        }
        return withUpdates(changes);
    }

    /**
     * A copy with {@code changes} applied over the keys set here.
     *
     * @throws io.msgframe.protocol.config.ConfigException naming every bad or unknown key
     */
    public NamesrvConfig withUpdates(Map<String, String> changes) {
        Map<String, String> raw = new HashMap<>();
        for (ConfigKey<?> key : TABLE.keys()) {
            if (values.isSet(key)) {
                raw.put(key.name(), String.valueOf(values.get(key)));
            }
        }
        for (Map.Entry<String, String> change : changes.entrySet()) {
            raw.remove(canonicalName(change.getKey()));
            raw.put(change.getKey(), change.getValue());
        }
        return of(raw);
    }

    /** The table's name of a key given by name or RocketMQ alias; the given text if unknown. */
    public static String canonicalName(String nameOrAlias) {
        for (ConfigKey<?> key : TABLE.keys()) {
            if (key.name().equals(nameOrAlias) || nameOrAlias.equals(key.rocketmqAlias())) {
                return key.name();
            }
        }
        return nameOrAlias;
    }

    public <T> T get(ConfigKey<T> key) {
        return values.get(key);
    }

    /** Every key with its value, in table order. */
    public Map<String, String> asMap() {
        Map<String, String> all = new LinkedHashMap<>();
        for (ConfigKey<?> key : TABLE.keys()) {
            all.put(key.name(), String.valueOf(values.get(key)));
        }
        return all;
    }

    public String bindAddress() {
        return values.get(BIND_ADDRESS);
    }

    public int listenPort() {
        return values.get(LISTEN_PORT);
    }

    public long brokerHeartbeatTimeoutMs() {
        return values.get(BROKER_HEARTBEAT_TIMEOUT_MS);
    }

    public long scanIntervalMs() {
        return values.get(SCAN_INTERVAL_MS);
    }

    /** The KV config file, {@code ~/} expanded to the user's home. */
    public Path kvConfigPath() {
        String path = values.get(KV_CONFIG_PATH);
        if (path.startsWith(HOME_PREFIX)) {
            return Path.of(System.getProperty("user.home"), path.substring(HOME_PREFIX.length()));
        }
        return Path.of(path);
    }

    public boolean orderMessageEnable() {
        return values.get(ORDER_MESSAGE_ENABLE);
    }

    public boolean deleteTopicWithBrokerRegistration() {
        return values.get(DELETE_TOPIC_WITH_BROKER_REGISTRATION);
    }

    /** The remoting server's settings: this bind address and port, the remoting defaults otherwise. */
    public RemotingServerConfig remotingServerConfig() {
        return RemotingServerConfig.defaults().withBindAddress(bindAddress()).withPort(listenPort());
    }

    @Override
    public String toString() {
        return "NamesrvConfig" + asMap();
    }
}
