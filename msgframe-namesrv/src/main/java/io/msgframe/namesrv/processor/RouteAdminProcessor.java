package io.msgframe.namesrv.processor;

import io.msgframe.namesrv.route.RouteRegistry;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin changes to routes (reference §2.3.6–2.3.7): wipe / add the write permission of a broker name's queues,
 * and delete a topic's routes (everywhere, or on one cluster's brokers). They last until a broker re-registers
 * changed topic data.
 */
public final class RouteAdminProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(RouteAdminProcessor.class);

    private final RouteRegistry registry;

    public RouteAdminProcessor(RouteRegistry registry) {
        this.registry = registry;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.WIPE_WRITE_PERM_OF_BROKER -> {
                String brokerName = request.requireExt("brokerName");
                int count = registry.wipeWritePerm(brokerName);
                log.info("Write permission of broker {} wiped on {} topics, asked by {}", brokerName, count,
                        peer(channel));
                yield RemotingCommand.success(request).ext("wipeTopicCount", count);
            }
            case RequestCode.ADD_WRITE_PERM_OF_BROKER -> {
                String brokerName = request.requireExt("brokerName");
                int count = registry.addWritePerm(brokerName);
                log.info("Write permission of broker {} added on {} topics, asked by {}", brokerName, count,
                        peer(channel));
                yield RemotingCommand.success(request).ext("addTopicCount", count);
            }
            case RequestCode.DELETE_TOPIC_IN_NAMESRV -> deleteTopic(channel, request);
            default -> throw new IllegalArgumentException("request code " + request.code()
                    + " is not a route admin request");
        };
    }

    private RemotingCommand deleteTopic(RemotingChannel channel, RemotingCommand request) {
        String topic = request.requireExt("topic");
        String cluster = request.ext("clusterName");
        if (cluster == null || cluster.isBlank()) {
            registry.deleteTopic(topic);
            log.info("Routes of topic {} deleted, asked by {}", topic, peer(channel));
        } else {
            registry.deleteTopic(topic, cluster);
            log.info("Routes of topic {} on cluster {} deleted, asked by {}", topic, cluster, peer(channel));
        }
        return RemotingCommand.success(request);
    }

    private static String peer(RemotingChannel channel) {
        return channel == null ? "?" : channel.remoteAddress();
    }
}
