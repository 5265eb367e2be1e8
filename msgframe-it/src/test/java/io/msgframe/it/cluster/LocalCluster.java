package io.msgframe.it.cluster;

import io.msgframe.broker.Broker;
import io.msgframe.broker.BrokerConfig;
import io.msgframe.namesrv.NameServer;
import io.msgframe.namesrv.config.NamesrvConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One name server and any number of brokers of one cluster, all in this JVM on 127.0.0.1 (ports chosen at run
 * time, data under a test directory, small files). A broker can be stopped and restarted on its data directory
 * and its port, as an operator restarts a broker process.
 */
final class LocalCluster implements AutoCloseable {
    static final String CLUSTER = "DefaultCluster";

    private final Path root;
    private final NameServer nameServer;
    private final Map<String, Broker> brokers = new LinkedHashMap<>();
    private final Map<String, String[]> overrides = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    LocalCluster(Path root) {
        this.root = root;
        nameServer = new NameServer(NamesrvConfig.defaults().with("bindAddress", "127.0.0.1", "listenPort", "0",
                "kvConfigPath", root.resolve("namesrv").resolve("kvConfig.json").toString()));
        nameServer.start();
    }

    String namesrvAddr() {
        return "127.0.0.1:" + nameServer.port();
    }

    /** Starts broker {@code name} (master, id 0) with data under {@code root/name}; extra config as key, value … */
    Broker startBroker(String name, String... config) {
        overrides.put(name, config);
        return start(name, 0);
    }

    /** Stops {@code name} gracefully (unregisters, persists offsets and configs, flushes the store). */
    void stopBroker(String name) {
        Broker broker = brokers.remove(name);
        if (broker != null) {
            broker.shutdown();
        }
    }

    /** Stops {@code name} if it runs and starts a new broker on the same data directory and the same port. */
    Broker restartBroker(String name) {
        stopBroker(name);
        return start(name, ports.get(name));
    }

    String brokerAddr(String name) {
        return "127.0.0.1:" + ports.get(name);
    }

    private Broker start(String name, int port) {
        Broker broker = new Broker(brokerConfig(root.resolve(name), name, namesrvAddr(), port, overrides.get(name)));
        broker.start();
        brokers.put(name, broker);
        ports.put(name, broker.port());
        return broker;
    }

    /** Loopback only, small segments and thread pools; {@code extra} as key, value, key, value … */
    static BrokerConfig brokerConfig(Path dir, String brokerName, String namesrvAddr, int port, String... extra) {
        Map<String, String> raw = new HashMap<>();
        raw.put("brokerName", brokerName);
        raw.put("brokerClusterName", CLUSTER);
        raw.put("brokerIP1", "127.0.0.1");
        raw.put("bindAddress", "127.0.0.1");
        raw.put("listenPort", Integer.toString(port));
        raw.put("namesrvAddr", namesrvAddr);
        raw.put("storePathRootDir", dir.toString());
        // short delay levels: retries and delayed messages come back within a second
        raw.put("messageDelayLevel",
                "50ms 100ms 150ms 200ms 250ms 300ms 350ms 400ms 450ms 500ms 550ms 600ms 650ms 700ms 750ms 800ms 850ms 900ms");
        raw.put("commitLogSegmentBytes", Integer.toString(1 << 20));
        raw.put("consumeQueueSegmentEntries", "1024");
        raw.put("indexHashSlots", "1024");
        raw.put("indexEntries", "4096");
        raw.put("preallocateSegments", "false");
        raw.put("ioThreads", "2");
        raw.put("sendThreads", "2");
        raw.put("pullThreads", "8");
        raw.put("adminThreads", "2");
        raw.put("heartbeatThreads", "2");
        raw.put("queryThreads", "1");
        raw.put("consumerManageThreads", "2");
        for (int i = 0; extra != null && i + 1 < extra.length; i += 2) {
            raw.put(extra[i], extra[i + 1]);
        }
        return BrokerConfig.parse(raw);
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(brokers.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            stopBroker(names.get(i));
        }
        nameServer.shutdown();
    }
}
