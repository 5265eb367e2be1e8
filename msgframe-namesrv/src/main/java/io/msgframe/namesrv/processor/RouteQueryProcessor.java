package io.msgframe.namesrv.processor;

import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.namesrv.kv.KvConfigStore;
import io.msgframe.namesrv.route.RouteRegistry;
import io.msgframe.protocol.body.KVTable;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.TopicList;
import io.msgframe.protocol.body.TopicRouteData;
import io.msgframe.protocol.body.TopicSysFlag;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;

import java.util.function.Supplier;

/**
 * Read-only route questions from clients and admin tools (reference §2.3.1–2.3.5): a topic's route, the cluster
 * map, and topic lists. Bodies are standard JSON (quoted broker-id keys), which every client in scope accepts, so
 * the requester's version and {@code acceptStandardJsonOnly} make no difference.
 */
public final class RouteQueryProcessor implements RequestProcessor {
    /** Topic lists by unit flags (admin only); not in {@link RequestCode} yet. */
    public static final int GET_UNIT_TOPIC_LIST = 311;
    public static final int GET_HAS_UNIT_SUB_TOPIC_LIST = 312;
    public static final int GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST = 313;

    private final RouteRegistry registry;
    private final KvConfigStore kvConfig;
    private final Supplier<NamesrvConfig> config;

    public RouteQueryProcessor(RouteRegistry registry, KvConfigStore kvConfig, Supplier<NamesrvConfig> config) {
        this.registry = registry;
        this.kvConfig = kvConfig;
        this.config = config;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(request);
            case RequestCode.GET_BROKER_CLUSTER_INFO -> ok(request, registry.clusterInfo());
            case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER -> ok(request, registry.allTopics());
            case RequestCode.GET_TOPICS_BY_CLUSTER -> ok(request, registry.topicsOfCluster(request.requireExt("cluster")));
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS -> ok(request, registry.systemTopics());
            case GET_UNIT_TOPIC_LIST -> ok(request, registry.topicsWithSysFlag(TopicSysFlag::isUnit));
            case GET_HAS_UNIT_SUB_TOPIC_LIST -> ok(request, registry.topicsWithSysFlag(TopicSysFlag::hasUnitSub));
            case GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST -> ok(request, unitSubNotUnit());
            default -> throw new IllegalArgumentException("request code " + request.code() + " is not a route query");
        };
    }

    private RemotingCommand route(RemotingCommand request) {
        String topic = request.requireExt("topic");
        TopicRouteData route = registry.route(topic);
        if (route == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                    "No topic route info in name server for the topic: " + topic);
        }
        if (config.get().orderMessageEnable()) {
            String orderConf = kvConfig.get(KVTable.NAMESPACE_ORDER_TOPIC_CONFIG, topic);
            if (orderConf != null) {
                route = new TopicRouteData(orderConf, route.queueDatas(), route.brokerDatas(),
                        route.filterServerTable());
            }
        }
        return ok(request, route);
    }

    private TopicList unitSubNotUnit() {
        return registry.topicsWithSysFlag(flag -> !TopicSysFlag.isUnit(flag) && TopicSysFlag.hasUnitSub(flag));
    }

    private static RemotingCommand ok(RemotingCommand request, Object body) {
        return RemotingCommand.success(request).body(RemotingJson.encode(body));
    }
}
