package io.msgframe.namesrv.processor;

import io.msgframe.namesrv.kv.KvConfigStore;
import io.msgframe.namesrv.route.BrokerRegistration;
import io.msgframe.namesrv.route.RegisterResult;
import io.msgframe.namesrv.route.RouteRegistry;
import io.msgframe.protocol.body.DataVersion;
import io.msgframe.protocol.body.KVTable;
import io.msgframe.protocol.body.RegisterBrokerBody;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.zip.CRC32;

/**
 * Requests brokers send to the name server (reference §2.4): REGISTER_BROKER, UNREGISTER_BROKER,
 * QUERY_DATA_VERSION and the 5.x BROKER_HEARTBEAT.
 */
public final class BrokerRegistrationProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(BrokerRegistrationProcessor.class);

    private final RouteRegistry registry;
    private final KvConfigStore kvConfig;

    public BrokerRegistrationProcessor(RouteRegistry registry, KvConfigStore kvConfig) {
        this.registry = registry;
        this.kvConfig = kvConfig;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.REGISTER_BROKER -> register(channel, request);
            case RequestCode.UNREGISTER_BROKER -> unregister(request);
            case RequestCode.QUERY_DATA_VERSION -> queryDataVersion(request);
            case RequestCode.BROKER_HEARTBEAT -> heartbeat(request);
            default -> throw new IllegalArgumentException("request code " + request.code()
                    + " is not a broker registration request");
        };
    }

    private RemotingCommand register(RemotingChannel channel, RemotingCommand request) {
        String clusterName = request.requireExt("clusterName");
        String brokerName = request.requireExt("brokerName");
        String brokerAddr = request.requireExt("brokerAddr");
        long brokerId = request.extLong("brokerId");
        int bodyCrc32 = request.extInt("bodyCrc32", 0);
        if (bodyCrc32 != 0 && bodyCrc32 != crc32(request.body())) {
            log.warn("REGISTER_BROKER from {} ({} at {}): body CRC32 does not match the header", channel == null
                    ? "?" : channel.remoteAddress(), brokerName, brokerAddr);
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "crc32 not match");
        }
        byte[] body = request.body();
        RegisterBrokerBody topics = body == null || body.length == 0
                ? new RegisterBrokerBody(null, null)
                : RegisterBrokerBody.decode(body, request.extBoolean("compressed", false));
        BrokerRegistration registration = new BrokerRegistration(clusterName, brokerName, brokerAddr, brokerId,
                request.ext("haServerAddr"), request.extLong("heartbeatTimeoutMillis", 0),
                topics.topicConfigSerializeWrapper(), channel);
        RegisterResult result = registry.register(registration);
        if (channel != null && !channel.isActive()) {
            // the connection closed while this waited; its close event may already have been handled
            registry.removeByChannel(channel);
        }
        Map<String, String> orderTopics = kvConfig.namespace(KVTable.NAMESPACE_ORDER_TOPIC_CONFIG);
        return RemotingCommand.success(request)
                .ext("haServerAddr", result.haServerAddr())
                .ext("masterAddr", result.masterAddr())
                .body(orderTopics.isEmpty() ? null : RemotingJson.encode(new KVTable(orderTopics)));
    }

    private RemotingCommand unregister(RemotingCommand request) {
        registry.unregister(request.requireExt("clusterName"), request.requireExt("brokerName"),
                request.requireExt("brokerAddr"), request.extLong("brokerId"));
        return RemotingCommand.success(request);
    }

    /** Whether the broker's topic data version differs from what it last registered (reference §2.4.3). */
    private RemotingCommand queryDataVersion(RemotingCommand request) {
        String brokerAddr = request.requireExt("brokerAddr");
        DataVersion version = RemotingJson.decode(request.body(), DataVersion.class);
        boolean changed = registry.isDataVersionChanged(brokerAddr, version);
        if (!changed) {
            registry.touch(brokerAddr);
        }
        DataVersion known = registry.dataVersionOf(brokerAddr);
        return RemotingCommand.success(request)
                .ext("changed", changed)
                .body(known == null ? null : RemotingJson.encode(known));
    }

    private RemotingCommand heartbeat(RemotingCommand request) {
        String brokerAddr = request.requireExt("brokerAddr");
        if (!registry.touch(brokerAddr)) {
            log.debug("BROKER_HEARTBEAT from {}, which is not registered", brokerAddr);
        }
        return RemotingCommand.success(request);
    }

    /** RocketMQ's body checksum: CRC32 masked to a non-negative int; 0 for no body. */
    static int crc32(byte[] body) {
        if (body == null) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }
}
