package io.msgframe.cli;

import io.msgframe.broker.Broker;
import io.msgframe.broker.BrokerConfig;
import io.msgframe.namesrv.NameServer;
import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.remoting.RemotingServerConfig;
import io.msgframe.store.config.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code msgframe standalone}: a name server and one broker in one JVM, the embedded default for development and
 * tests. Prints one ready line once the broker is registered with the name server:
 * {@code MsgFrame standalone ready: name server 127.0.0.1:9876, broker broker-a at 127.0.0.1:10911, data in /…}.
 *
 * <p>Differs from a production broker in one default: {@code autoCreateTopicEnable=true}, so a producer can send
 * to a new topic at once (the production sample, {@code conf/broker.properties}, turns it off and says why).
 */
@Command(name = "standalone",
        description = {"Run a name server and a broker in one JVM (development, tests, single-machine use).",
                "Stops cleanly on SIGTERM or Ctrl-C: the broker flushes, persists offsets and config and removes its "
                        + "abort file, then the name server stops."})
final class StandaloneCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(StandaloneCommand.class);
    static final String READY_PREFIX = "MsgFrame standalone ready: ";
    private static final int DEFAULT_NAMESRV_PORT = 9876;
    private static final String DEFAULT_BIND = "127.0.0.1";
    private static final long REGISTRATION_WAIT_MS = 10_000;

    private final CliContext context;

    @Option(names = "--data", paramLabel = "DIR",
            description = "data directory (default: ./data, or storePathRootDir from -c)")
    Path data;

    @Option(names = "--namesrv-port", paramLabel = "PORT",
            description = "name server port, 0 = any free (default: " + DEFAULT_NAMESRV_PORT + ")")
    Integer namesrvPort;

    @Option(names = "--broker-port", paramLabel = "PORT",
            description = "broker port, 0 = any free (default: 10911, or listenPort from -c)")
    Integer brokerPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address both servers listen on (default: "
            + DEFAULT_BIND + ", this machine only, or bindAddress from -c; 0.0.0.0 = every interface)")
    String bind;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "more broker keys (properties: broker, store and remoting keys)")
    Path config;

    StandaloneCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> brokerRaw = brokerProperties();
        String bindAddress = brokerRaw.get(RemotingServerConfig.BIND_ADDRESS.name());
        Path dataDir = Path.of(brokerRaw.get(StoreConfig.STORE_PATH.name()));
        NamesrvConfig namesrvConfig = NamesrvConfig.of(Map.of(
                NamesrvConfig.LISTEN_PORT.name(), Integer.toString(Ports.check("--namesrv-port",
                        namesrvPort == null ? DEFAULT_NAMESRV_PORT : namesrvPort)),
                NamesrvConfig.BIND_ADDRESS.name(), bindAddress,
                NamesrvConfig.KV_CONFIG_PATH.name(), dataDir.resolve("namesrv").resolve("kvConfig.json").toString()));
        String namesrvHost = Ports.localHostFor(bindAddress);
        // Validate every broker key before anything starts; the real name-server port is known only after.
        brokerRaw.put(BrokerConfig.NAMESRV_ADDR.name(), namesrvHost + ":" + Math.max(1, namesrvConfig.listenPort()));
        BrokerConfig.parse(brokerRaw);

        ServerLifecycle servers = new ServerLifecycle();
        context.stopHooks().add(servers.stopHook(context.out(), "MsgFrame standalone stopped"));
        NameServer nameServer = new NameServer(namesrvConfig);
        servers.start("name server", nameServer::start, nameServer::shutdown);
        String namesrvAddr = namesrvHost + ":" + nameServer.port();
        brokerRaw.put(BrokerConfig.NAMESRV_ADDR.name(), namesrvAddr);
        BrokerConfig brokerConfig = BrokerConfig.parse(brokerRaw);
        Broker broker = new Broker(brokerConfig);
        servers.start("broker", broker::start, broker::shutdown);
        awaitRegistration(nameServer, brokerConfig.brokerName());

        context.out().println(READY_PREFIX + "name server " + namesrvAddr + ", broker " + brokerConfig.brokerName()
                + " at " + brokerConfig.brokerAddr() + ", data in " + dataDir);
        context.out().flush();
        servers.awaitStop();
        return 0;
    }

    /**
     * The broker's keys: the standalone defaults, then the -c file, then the options given on the command line.
     * The data directory is made absolute, so logs and the ready line say where the data is.
     */
    private Map<String, String> brokerProperties() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put(BrokerConfig.AUTO_CREATE_TOPIC.name(), "true");
        if (config != null) {
            raw.putAll(PropertiesFile.read(config));
        }
        if (data != null) {
            raw.put(StoreConfig.STORE_PATH.name(), data.toString());
        }
        raw.putIfAbsent(StoreConfig.STORE_PATH.name(), "data");
        raw.put(StoreConfig.STORE_PATH.name(),
                Path.of(raw.get(StoreConfig.STORE_PATH.name())).toAbsolutePath().normalize().toString());
        if (brokerPort != null) {
            raw.put(RemotingServerConfig.PORT.name(), Integer.toString(Ports.check("--broker-port", brokerPort)));
        }
        if (bind != null) {
            raw.put(RemotingServerConfig.BIND_ADDRESS.name(), bind);
        }
        raw.putIfAbsent(RemotingServerConfig.BIND_ADDRESS.name(), DEFAULT_BIND);
        String bindAddress = raw.get(RemotingServerConfig.BIND_ADDRESS.name());
        if (!Ports.isWildcard(bindAddress)) {
            // Clients are sent to brokerIP1: it must be an address the broker listens on.
            raw.putIfAbsent(BrokerConfig.BROKER_IP.name(), bindAddress);
        }
        return raw;
    }

    /** Waits (bounded) until the name server lists the broker, so a client started after the ready line finds it. */
    private static void awaitRegistration(NameServer nameServer, String brokerName) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REGISTRATION_WAIT_MS);
        while (!nameServer.routeRegistry().clusterInfo().brokerAddrTable().containsKey(brokerName)) {
            if (System.nanoTime() - deadline > 0) {
                log.warn("Broker {} is not registered with the name server after {} ms; clients may not find it yet",
                        brokerName, REGISTRATION_WAIT_MS);
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
