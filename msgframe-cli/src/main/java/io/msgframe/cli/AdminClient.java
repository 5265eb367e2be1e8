package io.msgframe.cli;

import io.msgframe.protocol.body.ClusterInfo;
import io.msgframe.protocol.body.ConsumeStats;
import io.msgframe.protocol.body.ConsumerConnection;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicList;
import io.msgframe.protocol.body.TopicRouteData;
import io.msgframe.protocol.body.TopicStatsTable;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;
import io.msgframe.remoting.RemotingConnectException;
import io.msgframe.remoting.RemotingException;
import io.msgframe.remoting.RemotingTimeoutException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The admin requests of the command line (the ones {@code mqadmin} sends, reference §2.3 and §2.14), over one
 * {@link RemotingClient}, and the raw broker requests the message commands build themselves ({@link #askBroker}).
 * Every failure becomes a {@link CliException} whose message names the server, its address and what was refused,
 * ready to print as one line.
 */
final class AdminClient implements AutoCloseable {
    static final String TEMPLATE_TOPIC = "TBW102";

    private final RemotingClient remoting;
    private final List<String> namesrvAddrs;
    private final long timeoutMs;

    AdminClient(List<String> namesrvAddrs, long timeoutMs) {
        this.namesrvAddrs = List.copyOf(namesrvAddrs);
        this.timeoutMs = timeoutMs;
        this.remoting = new RemotingClient(RemotingClientConfig.defaults()
                .withConnectTimeoutMs((int) Math.min(timeoutMs, 3_000)).withIoThreads(1));
        remoting.start();
    }

    List<String> namesrvAddrs() {
        return namesrvAddrs;
    }

    // --- name server --------------------------------------------------------------------------------

    /** GET_BROKER_CLUSTER_INFO: clusters, broker names and their members. */
    ClusterInfo clusterInfo() {
        return decode(askNamesrv(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), "cluster info"),
                ClusterInfo.class);
    }

    /** GET_ALL_TOPIC_LIST_FROM_NAMESERVER: every topic any broker registered, system topics included. */
    TopicList allTopics() {
        return decode(askNamesrv(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER),
                "topic list"), TopicList.class);
    }

    /** GET_ROUTEINFO_BY_TOPIC; a topic without a route is a {@link CliException}. */
    TopicRouteData route(String topic) {
        Answer answer = routeAnswer(topic);
        if (answer.response().code() == ResponseCode.TOPIC_NOT_EXIST) {
            throw CliException.failed("topic '" + topic + "' does not exist (no route on name server "
                    + answer.addr() + ")");
        }
        return decode(requireSuccess(answer, "route of topic '" + topic + "'"), TopicRouteData.class);
    }

    /** GET_ROUTEINFO_BY_TOPIC; empty when the name server has no route for the topic (TOPIC_NOT_EXIST). */
    Optional<TopicRouteData> findRoute(String topic) {
        Answer answer = routeAnswer(topic);
        if (answer.response().code() == ResponseCode.TOPIC_NOT_EXIST) {
            return Optional.empty();
        }
        return Optional.of(decode(requireSuccess(answer, "route of topic '" + topic + "'"), TopicRouteData.class));
    }

    private Answer routeAnswer(String topic) {
        return askAnyNamesrv(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).ext("topic", topic));
    }

    /** WIPE_WRITE_PERM_OF_BROKER on one name server; the number of topic routes changed. */
    int wipeWritePerm(String namesrvAddr, String brokerName) {
        RemotingCommand request = RemotingCommand.request(RequestCode.WIPE_WRITE_PERM_OF_BROKER)
                .ext("brokerName", brokerName);
        Answer answer = ask("name server", namesrvAddr, request);
        return countHeader(requireSuccess(answer, "removing the write permission of " + brokerName),
                "wipeTopicCount");
    }

    /** ADD_WRITE_PERM_OF_BROKER on one name server; the number of topic routes changed. */
    int addWritePerm(String namesrvAddr, String brokerName) {
        RemotingCommand request = RemotingCommand.request(RequestCode.ADD_WRITE_PERM_OF_BROKER)
                .ext("brokerName", brokerName);
        Answer answer = ask("name server", namesrvAddr, request);
        return countHeader(requireSuccess(answer, "restoring the write permission of " + brokerName),
                "addTopicCount");
    }

    /** DELETE_TOPIC_IN_NAMESRV on one name server; {@code cluster} null = every cluster. */
    void deleteTopicInNamesrv(String namesrvAddr, String topic, String cluster) {
        RemotingCommand request = RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV).ext("topic", topic)
                .ext("clusterName", cluster);
        requireSuccess(ask("name server", namesrvAddr, request),
                "deleting the route of topic '" + topic + "'");
    }

    // --- broker -------------------------------------------------------------------------------------

    /** UPDATE_AND_CREATE_TOPIC on one broker, which registers the topic with its name servers. */
    void createTopic(String brokerAddr, TopicConfig topic) {
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .ext("topic", topic.topicName())
                .ext("defaultTopic", TEMPLATE_TOPIC)
                .ext("readQueueNums", topic.readQueueNums())
                .ext("writeQueueNums", topic.writeQueueNums())
                .ext("perm", topic.perm())
                .ext("topicFilterType", topic.topicFilterType().name())
                .ext("topicSysFlag", topic.topicSysFlag())
                .ext("order", topic.order());
        requireSuccess(ask("broker", brokerAddr, request),
                "creating topic '" + topic.topicName() + "'");
    }

    /** DELETE_TOPIC_IN_BROKER on one broker. */
    void deleteTopicInBroker(String brokerAddr, String topic) {
        RemotingCommand request = RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER).ext("topic", topic);
        requireSuccess(ask("broker", brokerAddr, request),
                "deleting topic '" + topic + "'");
    }

    /** GET_BROKER_CONFIG: every key with its value, sorted by key. */
    Map<String, String> brokerConfig(String brokerAddr) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_BROKER_CONFIG);
        RemotingCommand response = requireSuccess(ask("broker", brokerAddr, request),
                "reading the broker configuration");
        Properties properties = new Properties();
        byte[] body = response.body();
        try {
            properties.load(new StringReader(body == null ? "" : new String(body, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.failed("broker " + brokerAddr + " sent a configuration that is not properties text: "
                    + e.getMessage());
        }
        Map<String, String> config = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        return config;
    }

    /** UPDATE_BROKER_CONFIG: changes keys the broker accepts while running (e.g. brokerPermission). */
    void updateBrokerConfig(String brokerAddr, Map<String, String> changes) {
        StringBuilder text = new StringBuilder();
        changes.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG)
                .body(text.toString().getBytes(StandardCharsets.UTF_8));
        requireSuccess(ask("broker", brokerAddr, request),
                "updating the broker configuration (" + String.join(", ", changes.keySet()) + ")");
    }

    /** GET_TOPIC_STATS_INFO: min and max offset and last store time of each queue of the topic on one broker. */
    TopicStatsTable topicStats(String brokerAddr, String topic) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO).ext("topic", topic);
        return decode(requireSuccess(ask("broker", brokerAddr, request),
                "statistics of topic '" + topic + "'"), TopicStatsTable.class);
    }

    /** GET_CONSUME_STATS: a group's progress on one broker, on {@code topic} only when not null. */
    ConsumeStats consumeStats(String brokerAddr, String group, String topic) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUME_STATS)
                .ext("consumerGroup", group).ext("topic", topic);
        return decode(requireSuccess(ask("broker", brokerAddr, request),
                "consume progress of group '" + group + "'"), ConsumeStats.class);
    }

    /** GET_CONSUMER_CONNECTION_LIST on one broker; empty when no client of the group is connected to it. */
    Optional<ConsumerConnection> consumerConnections(String brokerAddr, String group) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUMER_CONNECTION_LIST)
                .ext("consumerGroup", group);
        Answer answer = ask("broker", brokerAddr, request);
        if (answer.response().code() == ResponseCode.CONSUMER_NOT_ONLINE) {
            return Optional.empty();
        }
        return Optional.of(decode(requireSuccess(answer, "connections of group '" + group + "'"),
                ConsumerConnection.class));
    }

    // --- raw requests, for the message commands ----------------------------------------------------------

    long timeoutMs() {
        return timeoutMs;
    }

    /** Sends {@code request} to a broker and returns its response whatever the code; transport failures throw. */
    RemotingCommand askBroker(String brokerAddr, RemotingCommand request) {
        return ask("broker", brokerAddr, request).response();
    }

    /**
     * {@link #askBroker} without blocking, waiting up to {@code timeoutMs} (a held pull needs more than the admin
     * timeout). Completes exceptionally with the remoting failure; {@link #transportFailure} describes it.
     */
    CompletableFuture<RemotingCommand> askBrokerAsync(String brokerAddr, RemotingCommand request, long timeoutMs) {
        return remoting.invokeAsync(brokerAddr, request, timeoutMs);
    }

    /** The one-line failure for a broker response that is not SUCCESS: what, who, the remark and the code. */
    static CliException refused(String what, String brokerAddr, RemotingCommand response) {
        return refusal(what, "broker", brokerAddr, response);
    }

    /** The one-line failure for a request that got no response (connect failure, timeout, closed connection). */
    static CliException transportFailure(String role, String addr, Throwable error, long timeoutMs) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof RemotingConnectException) {
            return CliException.failed("cannot reach " + role + " " + addr + ": " + rootMessage(cause), cause);
        }
        if (cause instanceof RemotingTimeoutException) {
            return CliException.failed("no answer from " + role + " " + addr + " within " + timeoutMs + " ms",
                    cause);
        }
        return CliException.failed(role + " " + addr + ": " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        remoting.shutdown();
    }

    // --- plumbing -----------------------------------------------------------------------------------

    /** A response and who gave it. */
    private record Answer(String role, String addr, RemotingCommand response) {
    }

    /** The first name server that answers; unreachable ones are skipped, the last failure reported. */
    private Answer askAnyNamesrv(RemotingCommand request) {
        CliException last = null;
        for (String addr : namesrvAddrs) {
            try {
                return ask("name server", addr, request);
            } catch (CliException e) {
                last = e;
            }
        }
        throw last != null ? last : CliException.usage("no name server address given (-n host:port)");
    }

    private RemotingCommand askNamesrv(RemotingCommand request, String what) {
        return requireSuccess(askAnyNamesrv(request), what);
    }

    private Answer ask(String role, String addr, RemotingCommand request) {
        try {
            return new Answer(role, addr, remoting.invokeSync(addr, request, timeoutMs));
        } catch (RemotingException e) {
            throw transportFailure(role, addr, e, timeoutMs);
        }
    }

    private static RemotingCommand requireSuccess(Answer answer, String what) {
        RemotingCommand response = answer.response();
        if (response.code() != ResponseCode.SUCCESS) {
            throw refusal(what, answer.role(), answer.addr(), response);
        }
        return response;
    }

    private static CliException refusal(String what, String role, String addr, RemotingCommand response) {
        String remark = response.remark() == null || response.remark().isBlank() ? "no reason given"
                : response.remark();
        return CliException.failed(what + " refused by " + role + " " + addr + ": " + remark
                + " (code " + response.code() + ")");
    }

    private static <T> T decode(RemotingCommand response, Class<T> type) {
        try {
            return RemotingJson.decode(response.body(), type);
        } catch (ProtocolException e) {
            throw CliException.failed("unreadable " + type.getSimpleName() + " in the response: " + e.getMessage());
        }
    }

    private static int countHeader(RemotingCommand response, String field) {
        try {
            return response.extInt(field, -1);
        } catch (ProtocolException e) {
            return -1;
        }
    }

    /** "connection refused" rather than Netty's exception class and the address again. */
    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int address = message.indexOf(": /");
        return (address > 0 ? message.substring(0, address) : message).toLowerCase(Locale.ROOT);
    }
}
