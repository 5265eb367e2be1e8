package io.msgframe.client;

import io.msgframe.client.internal.ClientId;
import io.msgframe.client.internal.HeartbeatService;
import io.msgframe.client.internal.LocalAddress;
import io.msgframe.client.route.NameServerRoutes;
import io.msgframe.client.route.TopicRoutes;
import io.msgframe.protocol.body.ConsumerData;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.remoting.NamedThreadFactory;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;
import io.msgframe.remoting.RemotingExecutors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One client instance: a connection pool to name servers and brokers, the route cache, heartbeats and the client
 * id, shared by every producer and consumer made with the same {@link ClientConfig}
 * ({@link #shared}). Threads: {@code msgframe-client-io-N} (Netty), {@code msgframe-client-scheduler} (route
 * refresh every {@code routeRefreshIntervalMs}, heartbeats every {@code heartbeatIntervalMs}),
 * {@code msgframe-client-callback-N} (completes send futures and runs callbacks, never on an I/O thread).
 *
 * <p>Reference counted: {@link #shared} hands out the running instance of a configuration and counts it;
 * {@link #close()} gives one reference back and the last one stops the instance.
 */
public final class MsgFrameClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MsgFrameClient.class);
    private static final Map<ClientConfig, MsgFrameClient> SHARED = new HashMap<>();

    private final ClientConfig config;
    private final String clientId;
    private final RemotingClient remoting;
    private final TopicRoutes routes;
    private final HeartbeatService heartbeats;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService callbacks;
    private final Map<String, Runnable> idsChangedListeners = new ConcurrentHashMap<>();
    private int references = 1;
    private boolean shared;

    private MsgFrameClient(ClientConfig config) {
        this.config = config;
        this.clientId = ClientId.of(LocalAddress.get().getHostAddress(), config.instanceName());
        this.remoting = new RemotingClient(RemotingClientConfig.defaults().withIoThreads(config.ioThreads())
                .withConnectTimeoutMs((int) Math.min(config.requestTimeoutMs(), 3_000)));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                new NamedThreadFactory("msgframe-client-scheduler", true));
        this.callbacks = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new NamedThreadFactory("msgframe-client-callback", true));
        NameServerRoutes nameServers = new NameServerRoutes(remoting, config.namesrvAddrs(),
                config.requestTimeoutMs());
        this.routes = new TopicRoutes(nameServers, () -> scheduler.execute(this::sendHeartbeats));
        this.heartbeats = new HeartbeatService(remoting, routes, clientId, config.requestTimeoutMs());
        remoting.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, this::consumerIdsChanged, callbacks);
    }

    /** NOTIFY_CONSUMER_IDS_CHANGED (reference §2.9.2, oneway): the group's rebalance runs at once. */
    private RemotingCommand consumerIdsChanged(RemotingChannel channel, RemotingCommand request) {
        String group = request.ext("consumerGroup");
        Runnable listener = group == null ? null : idsChangedListeners.get(group);
        if (listener != null) {
            log.debug("Broker {} says the members of group {} changed", channel.remoteAddress(), group);
            listener.run();
        }
        return null;
    }

    /** The running instance for {@code config}, started on first use; close it when done. */
    public static MsgFrameClient shared(ClientConfig config) {
        synchronized (SHARED) {
            MsgFrameClient client = SHARED.get(config);
            if (client != null) {
                client.references++;
                return client;
            }
            client = create(config);
            client.shared = true;
            SHARED.put(config, client);
            return client;
        }
    }

    /** A started instance of its own, not shared; its id differs from every other instance's. */
    /**
     * The client instance a consumer of {@code group} registers with: the shared one of the configuration, or —
     * when a consumer of the same group already uses it — an instance of its own with its own client id, so two
     * consumers of a group in one process never collide.
     */
    public static MsgFrameClient forConsumer(ClientConfig config, String group, Supplier<ConsumerData> data,
                                             Runnable onIdsChanged) {
        MsgFrameClient shared = shared(config);
        if (shared.registerConsumer(group, data, onIdsChanged)) {
            return shared;
        }
        shared.close();
        MsgFrameClient own = create(config);
        own.registerConsumer(group, data, onIdsChanged);
        return own;
    }

    public static MsgFrameClient create(ClientConfig config) {
        MsgFrameClient client = new MsgFrameClient(config);
        client.start();
        return client;
    }

    private void start() {
        remoting.start();
        scheduler.scheduleWithFixedDelay(this::refreshRoutes, config.routeRefreshIntervalMs(),
                config.routeRefreshIntervalMs(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::sendHeartbeats, config.heartbeatIntervalMs(),
                config.heartbeatIntervalMs(), TimeUnit.MILLISECONDS);
        log.info("MsgFrame client {} started, name servers {}", clientId, config.namesrvAddrs());
    }

    /** {@code ip@instanceName}, as heartbeats report it. */
    public String clientId() {
        return clientId;
    }

    public ClientConfig config() {
        return config;
    }

    public RemotingClient remoting() {
        return remoting;
    }

    public TopicRoutes routes() {
        return routes;
    }

    /** Where send futures are completed and callbacks run. */
    public ExecutorService callbackExecutor() {
        return callbacks;
    }

    /**
     * Adds a producer group to this instance's heartbeats and sends one at once to the known brokers.
     *
     * @throws IllegalStateException if a producer of that group already uses this instance
     */
    public void registerProducer(String group) {
        if (!heartbeats.addProducerGroup(group)) {
            throw new IllegalStateException("producer group '" + group + "' is already registered in client "
                    + clientId + "; give the second producer another group or another instanceName");
        }
        scheduler.execute(this::sendHeartbeats);
    }

    /** Removes a producer group and tells every known broker (UNREGISTER_CLIENT); blocks up to the timeout. */
    public void unregisterProducer(String group) {
        heartbeats.removeProducerGroup(group);
        heartbeats.unregisterProducer(group);
    }

    /**
     * Adds a consumer group to this instance's heartbeats (its {@link ConsumerData} is asked for at every round)
     * and sends a heartbeat now; {@code onIdsChanged} runs (on a callback thread; it must not block) when a broker
     * says the group's members changed.
     *
     * @return false, registering nothing, when a consumer of that group already uses this instance
     */
    public boolean registerConsumer(String group, Supplier<ConsumerData> data, Runnable onIdsChanged) {
        if (!heartbeats.addConsumerGroup(group, data)) {
            return false;
        }
        idsChangedListeners.put(group, onIdsChanged);
        return true;
    }

    /** Removes a consumer group and tells every known broker (UNREGISTER_CLIENT); blocks up to the timeout each. */
    public void unregisterConsumer(String group) {
        idsChangedListeners.remove(group);
        heartbeats.removeConsumerGroup(group);
        heartbeats.unregisterConsumer(group);
    }

    /** Sends heartbeats now (also done every {@code heartbeatIntervalMs}). */
    public void sendHeartbeats() {
        try {
            heartbeats.sendToAllMasters();
        } catch (RuntimeException e) {
            log.warn("Heartbeat round failed", e);
        }
    }

    private void refreshRoutes() {
        try {
            routes.refreshAll();
        } catch (RuntimeException e) {
            log.warn("Route refresh failed", e);
        }
    }

    /** Gives back one reference; the last one stops the scheduler, the connections and the callback threads. */
    @Override
    public void close() {
        synchronized (SHARED) {
            if (references == 0) {
                return;
            }
            if (--references > 0) {
                return;
            }
            if (shared) {
                SHARED.remove(config, this);
            }
        }
        RemotingExecutors.shutdown(scheduler, Duration.ofSeconds(3));
        remoting.shutdown();
        RemotingExecutors.shutdown(callbacks, Duration.ofSeconds(3));
        log.info("MsgFrame client {} stopped", clientId);
    }
}
