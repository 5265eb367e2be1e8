package io.msgframe.broker.registration;

import io.msgframe.broker.BrokerConfig;
import io.msgframe.protocol.body.DataVersion;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.RegisterBrokerBody;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicConfigSerializeWrapper;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * Keeps every name server told about this broker (reference §2.4): REGISTER_BROKER with the topic configs and
 * their DataVersion at start, every {@code registerNameServerPeriodMs}, and soon after each topic or permission
 * change; UNREGISTER_BROKER at shutdown. All name servers are asked in parallel. A name server that cannot be
 * reached is logged and tried again next round — registration failures are never fatal to the broker.
 *
 * <p>Header and body are those of a RocketMQ 4.9 broker: {@code brokerName}, {@code brokerAddr},
 * {@code clusterName}, {@code haServerAddr}, {@code brokerId}, {@code compressed=false}, {@code bodyCrc32};
 * body {@link RegisterBrokerBody} JSON. While the broker permission lacks read or write, each topic's perm is
 * and-ed with it, so routes show the broker read-only (how a broker is taken out of service).
 */
public final class NameServerRegistrar {
    private static final Logger log = LoggerFactory.getLogger(NameServerRegistrar.class);
    private static final long UNREGISTER_TIMEOUT_MS = 3_000;

    private record Registered(DataVersion version, int brokerPermission) {
    }

    private final BrokerConfig config;
    private final Supplier<TopicConfigSerializeWrapper> topics;
    private final RemotingClient client = new RemotingClient(RemotingClientConfig.defaults());
    private final AtomicBoolean soonPending = new AtomicBoolean();
    private ScheduledExecutorService scheduler;
    private volatile boolean stopping;
    private volatile Registered lastRegistered;

    public NameServerRegistrar(BrokerConfig config, Supplier<TopicConfigSerializeWrapper> topics) {
        this.config = config;
        this.topics = topics;
    }

    /** Starts the client, registers once (waiting for the answers), then every period. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        client.start();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "msgframe-namesrv-register");
            thread.setDaemon(true);
            return thread;
        });
        registerAll();
        long period = config.registerNameServerPeriodMs();
        scheduler.scheduleWithFixedDelay(this::registerQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Registers with every name server now and waits for the answers (at most {@code registerTimeoutMs}).
     *
     * @return how many name servers accepted the registration
     */
    public synchronized int registerAll() {
        List<String> addrs = config.namesrvAddrList();
        if (addrs.isEmpty() || scheduler == null || stopping) {
            return 0; // not started, or leaving: never register again after UNREGISTER_BROKER
        }
        TopicConfigSerializeWrapper snapshot = topics.get();
        int permission = config.brokerPermission();
        byte[] body = new RegisterBrokerBody(withBrokerPermission(snapshot, permission)).encode(false);
        int crc = crc32(body);
        Map<String, CompletableFuture<RemotingCommand>> answers = new LinkedHashMap<>();
        for (String addr : addrs) {
            answers.put(addr, client.invokeAsync(addr, registerRequest(body, crc), config.registerTimeoutMs()));
        }
        int accepted = 0;
        for (Map.Entry<String, CompletableFuture<RemotingCommand>> answer : answers.entrySet()) {
            if (await(answer.getKey(), answer.getValue(), RequestCode.REGISTER_BROKER, config.registerTimeoutMs())) {
                accepted++;
            }
        }
        if (accepted == addrs.size()) {
            lastRegistered = new Registered(snapshot.dataVersion(), permission);
        }
        log.debug("Registered with {}/{} name server(s), topic data version {}", accepted, addrs.size(),
                snapshot.dataVersion());
        return accepted;
    }

    /**
     * Registers soon on the registrar's thread, unless a registration of the same topic version and permission
     * already reached every name server (an admin request may have registered synchronously meanwhile).
     */
    public void registerSoon() {
        ScheduledExecutorService current = scheduler;
        if (current == null || !soonPending.compareAndSet(false, true)) {
            return;
        }
        try {
            current.execute(() -> {
                soonPending.set(false);
                Registered now = new Registered(topics.get().dataVersion(), config.brokerPermission());
                if (!now.equals(lastRegistered)) {
                    registerQuietly();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            soonPending.set(false); // shutting down
        }
    }

    /** Tells every name server this broker is leaving (waits at most 3 s each, in parallel). */
    private synchronized void unregisterAll() {
        Map<String, CompletableFuture<RemotingCommand>> answers = new LinkedHashMap<>();
        for (String addr : config.namesrvAddrList()) {
            RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_BROKER)
                    .ext("brokerName", config.brokerName())
                    .ext("brokerAddr", config.brokerAddr())
                    .ext("clusterName", config.brokerClusterName())
                    .ext("brokerId", config.brokerId());
            answers.put(addr, client.invokeAsync(addr, request, UNREGISTER_TIMEOUT_MS));
        }
        answers.forEach((addr, answer) -> {
            if (await(addr, answer, RequestCode.UNREGISTER_BROKER, UNREGISTER_TIMEOUT_MS)) {
                log.info("Unregistered from name server {}", addr);
            }
        });
    }

    /**
     * Leaves: stops registering (periodic, soon and synchronous registrations all become no-ops), tells every name
     * server with UNREGISTER_BROKER, and closes the connections. Idempotent.
     */
    public void shutdown() {
        ScheduledExecutorService current;
        synchronized (this) {
            current = scheduler;
            if (current == null || stopping) {
                return;
            }
            stopping = true;
            current.shutdownNow();
        }
        try {
            current.awaitTermination(config.registerTimeoutMs() + 1_000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unregisterAll();
        client.shutdown();
    }

    private void registerQuietly() {
        try {
            registerAll();
        } catch (RuntimeException e) {
            log.error("Registration with the name servers failed; trying again next round", e);
        }
    }

    private RemotingCommand registerRequest(byte[] body, int crc) {
        return RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .ext("brokerName", config.brokerName())
                .ext("brokerAddr", config.brokerAddr())
                .ext("clusterName", config.brokerClusterName())
                .ext("haServerAddr", config.haServerAddr())
                .ext("brokerId", config.brokerId())
                .ext("compressed", "false")
                .ext("bodyCrc32", crc)
                .body(body);
    }

    private static boolean await(String addr, CompletableFuture<RemotingCommand> answer, int code, long timeoutMs) {
        try {
            RemotingCommand response = answer.get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
            if (response.code() == ResponseCode.SUCCESS) {
                return true;
            }
            log.warn("Name server {} answered request {} with code {}: {}", addr, code, response.code(),
                    response.remark());
        } catch (ExecutionException e) {
            log.warn("Request {} to name server {} failed: {}", code, addr, e.getCause().toString());
        } catch (TimeoutException e) {
            log.warn("Request {} to name server {} timed out after {} ms", code, addr, timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Topic perms and-ed with the broker permission when it lacks read or write (RocketMQ does the same). */
    static TopicConfigSerializeWrapper withBrokerPermission(TopicConfigSerializeWrapper snapshot, int permission) {
        if (PermName.isReadable(permission) && PermName.isWriteable(permission)) {
            return snapshot;
        }
        Map<String, TopicConfig> limited = new LinkedHashMap<>();
        snapshot.topicConfigTable().forEach((name, topic) -> limited.put(name, topic.withPerm(topic.perm() & permission)));
        return new TopicConfigSerializeWrapper(snapshot.dataVersion(), limited);
    }

    /** RocketMQ's body checksum: CRC32 masked to a non-negative int. */
    static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }
}
