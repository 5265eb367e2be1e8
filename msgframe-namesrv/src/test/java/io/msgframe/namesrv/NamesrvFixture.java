package io.msgframe.namesrv;

import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.protocol.body.DataVersion;
import io.msgframe.protocol.body.RegisterBrokerBody;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicConfigSerializeWrapper;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/** A name server on 127.0.0.1 (free port, KV file under a temp dir) and a client to talk to it; closes both. */
final class NamesrvFixture implements AutoCloseable {
    static final long TIMEOUT_MS = 5_000;

    final NameServer nameServer;
    final RemotingClient client;
    private final List<RemotingClient> brokerClients = new ArrayList<>();

    NamesrvFixture(Path dir, String... config) {
        NamesrvConfig base = NamesrvConfig.defaults().with("bindAddress", "127.0.0.1", "listenPort", "0",
                "kvConfigPath", dir.resolve("kvConfig.json").toString());
        nameServer = new NameServer(base.with(config));
        nameServer.start();
        client = newClient();
    }

    String addr() {
        return "127.0.0.1:" + nameServer.port();
    }

    RemotingCommand call(RemotingCommand request) {
        return client.invokeSync(addr(), request, TIMEOUT_MS);
    }

    /** A separate connection, as a broker process has its own. */
    RemotingClient newBrokerClient() {
        RemotingClient broker = newClient();
        brokerClients.add(broker);
        return broker;
    }

    static RemotingClient newClient() {
        RemotingClient remoting = new RemotingClient(RemotingClientConfig.defaults());
        remoting.start();
        return remoting;
    }

    static TopicConfigSerializeWrapper topics(long counter, TopicConfig... configs) {
        Map<String, TopicConfig> table = new LinkedHashMap<>();
        for (TopicConfig config : configs) {
            table.put(config.topicName(), config);
        }
        return new TopicConfigSerializeWrapper(new DataVersion(0, 1_700_000_000_000L + counter, counter), table);
    }

    /**
     * REGISTER_BROKER as a RocketMQ 4.9.8 broker builds it (BrokerOuterAPI.registerBroker): header brokerAddr,
     * brokerId, brokerName, clusterName, haServerAddr, compressed, bodyCrc32; body RegisterBrokerBody in the form
     * the compressed flag names.
     */
    static RemotingCommand registerRequest(String cluster, String brokerName, String brokerAddr, long brokerId,
                                           boolean compressed, TopicConfigSerializeWrapper topics) {
        byte[] body = new RegisterBrokerBody(topics).encode(compressed);
        return RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .ext("brokerAddr", brokerAddr)
                .ext("brokerId", brokerId)
                .ext("brokerName", brokerName)
                .ext("clusterName", cluster)
                .ext("haServerAddr", brokerAddr.replaceAll(":\\d+$", ":10912"))
                .ext("compressed", compressed)
                .ext("bodyCrc32", crc32(body))
                .body(body);
    }

    static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    static <T> T decode(RemotingCommand response, Class<T> type) {
        return RemotingJson.decode(response.body(), type);
    }

    @Override
    public void close() {
        for (RemotingClient broker : brokerClients) {
            broker.shutdown();
        }
        client.shutdown();
        nameServer.shutdown();
    }
}
