package io.msgframe.cli;

import io.msgframe.broker.Broker;
import io.msgframe.broker.BrokerConfig;
import io.msgframe.remoting.RemotingServerConfig;
import io.msgframe.store.config.StoreConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code msgframe broker -c broker.properties}: a broker process. Its subcommands change a running broker
 * ({@code wipe-write-perm}, {@code add-write-perm}, {@code config}).
 */
@Command(name = "broker",
        description = {"Run a broker from a properties file (see conf/broker.properties). Stops cleanly on SIGTERM or "
                + "Ctrl-C: flushes, persists offsets and config, removes its abort file.",
                "With a subcommand, act on a running broker instead."},
        subcommands = {WritePermCommand.Wipe.class, WritePermCommand.Add.class, BrokerConfigCommand.class})
final class BrokerCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "broker properties: broker, store and "
            + "remoting keys (RocketMQ broker.conf names accepted); without it every key has its default")
    Path config;

    @Option(names = {"-n", "--namesrv"}, paramLabel = "HOST:PORT[;HOST:PORT...]",
            description = "name servers to register with (overrides namesrvAddr)")
    String namesrv;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "port to listen on, 0 = any free (overrides listenPort)")
    Integer port;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (overrides storePathRootDir)")
    Path data;

    BrokerCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> raw = config == null ? new LinkedHashMap<>() : PropertiesFile.read(config);
        if (namesrv != null) {
            raw.put(BrokerConfig.NAMESRV_ADDR.name(), namesrv);
        }
        if (port != null) {
            raw.put(RemotingServerConfig.PORT.name(), Integer.toString(Ports.check("--port", port)));
        }
        if (data != null) {
            raw.put(StoreConfig.STORE_PATH.name(), data.toAbsolutePath().normalize().toString());
        }
        BrokerConfig brokerConfig = BrokerConfig.parse(raw);
        if (config == null) {
            context.err().println("msgframe: note: no -c broker.properties given, every key has its default");
        }
        if (brokerConfig.namesrvAddrList().isEmpty()) {
            context.err().println("msgframe: warning: no name server configured (namesrvAddr or -n): clients will "
                    + "not find this broker");
        }
        Broker broker = new Broker(brokerConfig);
        ServerLifecycle servers = new ServerLifecycle();
        context.stopHooks().add(servers.stopHook(context.out(), "MsgFrame broker " + brokerConfig.brokerName()
                + " stopped"));
        servers.start("broker", broker::start, broker::shutdown);
        context.out().printf("MsgFrame broker %s ready at %s (cluster %s, name servers %s, data in %s)%n",
                brokerConfig.brokerName(), brokerConfig.brokerAddr(), brokerConfig.brokerClusterName(),
                brokerConfig.namesrvAddrList().isEmpty() ? "none" : String.join(";", brokerConfig.namesrvAddrList()),
                brokerConfig.storeConfig().root().toAbsolutePath().normalize());
        context.out().flush();
        servers.awaitStop();
        return 0;
    }
}
