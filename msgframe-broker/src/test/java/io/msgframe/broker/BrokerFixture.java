package io.msgframe.broker;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A broker on 127.0.0.1 (port chosen at run time, data under a temp dir, small files, no name server unless
 * given) and clients to talk to it; closes all.
 */
public final class BrokerFixture implements AutoCloseable {
    public static final long TIMEOUT_MS = 5_000;

    public final Broker broker;
    public final RemotingClient client;
    private final List<RemotingClient> clients = new ArrayList<>();

    public BrokerFixture(Path dir, String... config) {
        broker = new Broker(config(dir, config));
        broker.start();
        client = newClient();
    }

    /** Small files and thread pools, loopback only, listenPort 0; {@code overrides} as key, value, key, value … */
    public static BrokerConfig config(Path dir, String... overrides) {
        Map<String, String> raw = new HashMap<>();
        raw.put("brokerName", "broker-a");
        raw.put("brokerClusterName", "DefaultCluster");
        raw.put("brokerIP1", "127.0.0.1");
        raw.put("bindAddress", "127.0.0.1");
        raw.put("listenPort", "0");
        raw.put("ioThreads", "2");
        raw.put("storePathRootDir", dir.toString());
        raw.put("commitLogSegmentBytes", Integer.toString(1 << 20));
        raw.put("consumeQueueSegmentEntries", "1024");
        raw.put("indexHashSlots", "1024");
        raw.put("indexEntries", "4096");
        raw.put("preallocateSegments", "false");
        raw.put("sendThreads", "2");
        raw.put("pullThreads", "2");
        raw.put("adminThreads", "2");
        raw.put("heartbeatThreads", "2");
        raw.put("queryThreads", "1");
        raw.put("consumerManageThreads", "2");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            raw.put(overrides[i], overrides[i + 1]);
        }
        return BrokerConfig.parse(raw);
    }

    public String addr() {
        return "127.0.0.1:" + broker.port();
    }

    public RemotingCommand call(RemotingCommand request) {
        return client.invokeSync(addr(), request, TIMEOUT_MS);
    }

    /** Another connection, as another client process has. */
    public RemotingClient newClient() {
        RemotingClient remoting = new RemotingClient(RemotingClientConfig.defaults().withIoThreads(1));
        remoting.start();
        clients.add(remoting);
        return remoting;
    }

    @Override
    public void close() {
        for (RemotingClient c : clients) {
            c.shutdown();
        }
        broker.shutdown();
    }
}
