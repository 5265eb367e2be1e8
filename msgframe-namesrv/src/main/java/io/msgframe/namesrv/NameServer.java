package io.msgframe.namesrv;

import io.msgframe.namesrv.config.LiveConfig;
import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.namesrv.kv.KvConfigStore;
import io.msgframe.namesrv.processor.BrokerRegistrationProcessor;
import io.msgframe.namesrv.processor.KvConfigProcessor;
import io.msgframe.namesrv.processor.NamesrvConfigProcessor;
import io.msgframe.namesrv.processor.RouteAdminProcessor;
import io.msgframe.namesrv.processor.RouteQueryProcessor;
import io.msgframe.namesrv.route.BrokerChannelListener;
import io.msgframe.namesrv.route.BrokerExpiryScanner;
import io.msgframe.namesrv.route.RouteRegistry;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.remoting.RemotingExecutors;
import io.msgframe.remoting.RemotingServer;
import io.msgframe.remoting.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The name server: wires the route registry, the KV config store, the request processors and the broker expiry
 * scan onto a remoting server, and starts and stops them (reverse order). Holds no logic of its own.
 *
 * <p>Life cycle: {@code new NameServer(config)} → {@link #start()} → {@link #shutdown()}.
 */
public final class NameServer {
    private static final Logger log = LoggerFactory.getLogger(NameServer.class);
    private static final Duration EXECUTOR_STOP_WAIT = Duration.ofSeconds(3);

    /** The request pools: a flood of one kind queues behind its own limit. */
    private enum Pool { ROUTE, BROKER, ADMIN }

    /** One row of the processor table: request codes, who serves them, on which pool. */
    private record Route(RequestProcessor processor, Pool pool, int... codes) {
    }

    private final LiveConfig config;
    private final KvConfigStore kvConfig;
    private final RouteRegistry registry;
    private final BrokerExpiryScanner scanner;
    private final RemotingServer server;
    private final List<ExecutorService> executors = new ArrayList<>();
    private boolean started;
    private boolean stopped;

    public NameServer(NamesrvConfig config) {
        this(config, Clock.systemUTC());
    }

    /** @param clock time of registrations and expiry (tests inject one) */
    public NameServer(NamesrvConfig config, Clock clock) {
        this.config = new LiveConfig(config);
        this.kvConfig = new KvConfigStore(config.kvConfigPath());
        this.registry = new RouteRegistry(clock, this.config);
        this.scanner = new BrokerExpiryScanner(registry, clock, config.scanIntervalMs());
        this.server = new RemotingServer(config.remotingServerConfig());
    }

    /** The processor table: every request code a name server answers (reference §2.3, §2.4). */
    private List<Route> processorTable() {
        RouteQueryProcessor routeQueries = new RouteQueryProcessor(registry, kvConfig, config);
        BrokerRegistrationProcessor brokers = new BrokerRegistrationProcessor(registry, kvConfig);
        return List.of(
                new Route(routeQueries, Pool.ROUTE,
                        RequestCode.GET_ROUTEINFO_BY_TOPIC, RequestCode.GET_BROKER_CLUSTER_INFO,
                        RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, RequestCode.GET_TOPICS_BY_CLUSTER,
                        RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, RouteQueryProcessor.GET_UNIT_TOPIC_LIST,
                        RouteQueryProcessor.GET_HAS_UNIT_SUB_TOPIC_LIST,
                        RouteQueryProcessor.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST),
                new Route(brokers, Pool.BROKER,
                        RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER, RequestCode.QUERY_DATA_VERSION,
                        RequestCode.BROKER_HEARTBEAT),
                new Route(new RouteAdminProcessor(registry), Pool.ADMIN,
                        RequestCode.WIPE_WRITE_PERM_OF_BROKER, RequestCode.ADD_WRITE_PERM_OF_BROKER,
                        RequestCode.DELETE_TOPIC_IN_NAMESRV),
                new Route(new KvConfigProcessor(kvConfig), Pool.ADMIN,
                        RequestCode.PUT_KV_CONFIG, RequestCode.GET_KV_CONFIG, RequestCode.DELETE_KV_CONFIG,
                        RequestCode.GET_KVLIST_BY_NAMESPACE),
                new Route(new NamesrvConfigProcessor(config), Pool.ADMIN,
                        RequestCode.UPDATE_NAMESRV_CONFIG, RequestCode.GET_NAMESRV_CONFIG));
    }

    /**
     * Loads the KV config, starts listening and starts the expiry scan.
     *
     * @throws IllegalStateException if the KV config file is unreadable or the port cannot be bound (everything
     *                               started so far is stopped again)
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("a name server starts once; this one was started before");
        }
        started = true;
        try {
            kvConfig.load();
            NamesrvConfig initial = config.get();
            Map<Pool, ExecutorService> pools = new EnumMap<>(Pool.class);
            pools.put(Pool.ROUTE, pool("namesrv-route", initial.get(NamesrvConfig.ROUTE_QUERY_THREADS),
                    initial.get(NamesrvConfig.ROUTE_QUERY_QUEUE_CAPACITY)));
            pools.put(Pool.BROKER, pool("namesrv-broker", initial.get(NamesrvConfig.BROKER_REQUEST_THREADS),
                    initial.get(NamesrvConfig.BROKER_REQUEST_QUEUE_CAPACITY)));
            pools.put(Pool.ADMIN, pool("namesrv-admin", initial.get(NamesrvConfig.ADMIN_THREADS),
                    initial.get(NamesrvConfig.ADMIN_QUEUE_CAPACITY)));
            for (Route route : processorTable()) {
                for (int code : route.codes()) {
                    server.registerProcessor(code, route.processor(), pools.get(route.pool()));
                }
            }
            server.addChannelListener(new BrokerChannelListener(registry));
            server.start();
            scanner.start();
        } catch (RuntimeException e) {
            shutdown();
            throw e;
        }
        log.info("Name server listening on {}:{} (KV config {}, broker timeout {} ms)", config.get().bindAddress(),
                server.port(), kvConfig.file(), config.get().brokerHeartbeatTimeoutMs());
    }

    /** The port listened on (the chosen one when configured with 0). */
    public int port() {
        return server.port();
    }

    /** Stops the scan, the server (closing every connection) and the request pools. Idempotent. */
    public synchronized void shutdown() {
        if (stopped || !started) {
            return;
        }
        stopped = true;
        scanner.stop();
        server.shutdown();
        for (int i = executors.size() - 1; i >= 0; i--) {
            RemotingExecutors.shutdown(executors.get(i), EXECUTOR_STOP_WAIT);
        }
        log.info("Name server stopped");
    }

    /** The route tables, for the standalone launcher's status output and tests. */
    public RouteRegistry routeRegistry() {
        return registry;
    }

    public KvConfigStore kvConfigStore() {
        return kvConfig;
    }

    /** The configuration in force (UPDATE_NAMESRV_CONFIG may have changed it since start). */
    public NamesrvConfig config() {
        return config.get();
    }

    private ExecutorService pool(String kind, int threads, int queueCapacity) {
        ExecutorService executor = RemotingExecutors.bounded(kind, threads, queueCapacity);
        executors.add(executor);
        return executor;
    }
}
