package io.msgframe.cli;

import io.msgframe.namesrv.NameServer;
import io.msgframe.namesrv.config.NamesrvConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code msgframe namesrv}: a name server process, for deployments with separate processes and several brokers. */
@Command(name = "namesrv",
        description = {"Run a name server. Stops cleanly on SIGTERM or Ctrl-C.",
                "Brokers register with it (their namesrvAddr); clients ask it for routes."})
final class NamesrvCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "name server properties, e.g. conf/namesrv.properties (RocketMQ namesrv.conf names accepted)")
    Path config;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "port to listen on, 0 = any free (overrides listenPort; default 9876)")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "address to listen on (overrides bindAddress; default 0.0.0.0 = every interface)")
    String bind;

    NamesrvCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> raw = config == null ? new LinkedHashMap<>() : PropertiesFile.read(config);
        if (port != null) {
            raw.put(NamesrvConfig.LISTEN_PORT.name(), Integer.toString(Ports.check("--port", port)));
        }
        if (bind != null) {
            raw.put(NamesrvConfig.BIND_ADDRESS.name(), bind);
        }
        NamesrvConfig namesrvConfig = NamesrvConfig.of(raw);
        NameServer nameServer = new NameServer(namesrvConfig);
        ServerLifecycle servers = new ServerLifecycle();
        context.stopHooks().add(servers.stopHook(context.out(), "MsgFrame name server stopped"));
        servers.start("name server", nameServer::start, nameServer::shutdown);
        context.out().printf("MsgFrame name server ready on %s:%d (KV config %s)%n", namesrvConfig.bindAddress(),
                nameServer.port(), namesrvConfig.kvConfigPath().toAbsolutePath());
        context.out().flush();
        servers.awaitStop();
        return 0;
    }
}
