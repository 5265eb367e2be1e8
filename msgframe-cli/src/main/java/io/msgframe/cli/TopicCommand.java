package io.msgframe.cli;

import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.ClusterInfo;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.NameValidator;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.QueueData;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicFilterType;
import io.msgframe.protocol.body.TopicRouteData;
import io.msgframe.protocol.body.TopicStatsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code msgframe topic create|update|list|route|describe|delete}: topics as the name servers and brokers of a
 * cluster see them.
 */
@Command(name = "topic", description = "Create, update, list, show and delete topics.")
final class TopicCommand {
    private final CliContext context;

    TopicCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", aliases = "update",
            description = "Create or update a topic on every master of a cluster, or on one broker (`topic update` is "
                    + "the same command: the broker replaces the topic's queue counts and permission).")
    int create(@Mixin AdminOptions admin,
               @Parameters(paramLabel = "TOPIC", description = "topic name") String topic,
               @Option(names = {"-c", "--cluster"}, paramLabel = "CLUSTER",
                       description = "cluster whose masters get the topic (default: the only cluster registered)")
               String cluster,
               @Option(names = {"-b", "--broker-addr"}, paramLabel = "HOST:PORT",
                       description = "create on this broker only") String brokerAddr,
               @Option(names = {"-r", "--read-queues"}, paramLabel = "N", defaultValue = "8",
                       description = "read queues per broker (default: ${DEFAULT-VALUE})") int readQueues,
               @Option(names = {"-w", "--write-queues"}, paramLabel = "N", defaultValue = "8",
                       description = "write queues per broker (default: ${DEFAULT-VALUE})") int writeQueues,
               @Option(names = {"-p", "--perm"}, paramLabel = "PERM", defaultValue = "6",
                       description = "permission: 6 read+write, 4 read only, 2 write only (default: ${DEFAULT-VALUE})")
               int perm,
               @Option(names = "--order", description = "mark the topic ordered") boolean order) {
        requireValidTopic(topic);
        if (readQueues < 1 || writeQueues < 1) {
            throw CliException.usage("--read-queues and --write-queues must be at least 1");
        }
        if (perm != PermName.READ_WRITE && perm != PermName.READ && perm != PermName.WRITE) {
            throw CliException.usage("--perm must be 6 (read+write), 4 (read only) or 2 (write only), got " + perm);
        }
        if (cluster != null && brokerAddr != null) {
            throw CliException.usage("give either --cluster or --broker-addr, not both");
        }
        TopicConfig config = new TopicConfig(topic, readQueues, writeQueues, perm, TopicFilterType.SINGLE_TAG, 0,
                order, Map.of());
        PrintWriter out = context.out();
        try (AdminClient client = admin.connect()) {
            Map<String, String> targets = brokerAddr != null ? Map.of(brokerAddr, brokerAddr)
                    : mastersOf(client, cluster);
            for (Map.Entry<String, String> target : targets.entrySet()) {
                client.createTopic(target.getValue(), config);
                out.printf("Created topic %s on %s (%s): %d read / %d write queues, perm %s%n", topic,
                        target.getKey(), target.getValue(), readQueues, writeQueues, PermName.toDisplayString(perm));
            }
        }
        out.flush();
        return 0;
    }

    @Command(name = "list",
            description = "List every topic the name server knows, system topics included, sorted.")
    int list(@Mixin AdminOptions admin) {
        try (AdminClient client = admin.connect()) {
            for (String topic : new TreeSet<>(client.allTopics().topicList())) {
                context.out().println(topic);
            }
        }
        context.out().flush();
        return 0;
    }

    @Command(name = "route",
            description = "Show which brokers hold a topic's queues, with their addresses and permissions.")
    int route(@Mixin AdminOptions admin,
              @Parameters(paramLabel = "TOPIC", description = "topic name") String topic,
              @Option(names = "--json", description = "print the route as the name server sent it (JSON)")
              boolean json) {
        TopicRouteData route;
        try (AdminClient client = admin.connect()) {
            route = client.route(topic);
        }
        if (json) {
            context.out().println(RemotingJson.encodeToString(route));
        } else {
            Table table = new Table("BROKER", "CLUSTER", "READ", "WRITE", "PERM", "ADDRESSES");
            for (QueueData queues : route.queueDatas()) {
                BrokerData broker = route.brokerDatas().stream()
                        .filter(b -> b.brokerName().equals(queues.brokerName())).findFirst().orElse(null);
                table.row(queues.brokerName(), broker == null ? "-" : broker.cluster(), queues.readQueueNums(),
                        queues.writeQueueNums(), PermName.toDisplayString(queues.perm()),
                        broker == null ? "-" : addresses(broker));
            }
            table.print(context.out());
        }
        context.out().flush();
        return 0;
    }

    @Command(name = "describe",
            description = "Show each queue of a topic on each broker: min offset, max offset (the next message's), "
                    + "and when the last message was stored.")
    int describe(@Mixin AdminOptions admin,
                 @Parameters(paramLabel = "TOPIC", description = "topic name") String topic) {
        requireValidTopic(topic);
        Table table = new Table("BROKER", "QUEUE", "MIN_OFFSET", "MAX_OFFSET", "MESSAGES", "LAST_STORED");
        boolean complete = true;
        try (AdminClient client = admin.connect()) {
            TopicRouteData route = client.route(topic);
            for (String missing : TopicQueues.withoutMaster(route)) {
                context.err().println("msgframe: warning: " + missing + " has no master registered; its queues are "
                        + "not shown");
            }
            for (Map.Entry<String, String> broker : TopicQueues.masters(route).entrySet()) {
                TopicStatsTable stats;
                try {
                    stats = client.topicStats(broker.getValue(), topic);
                } catch (CliException e) {
                    context.err().println("msgframe: " + e.getMessage());
                    complete = false;
                    continue;
                }
                stats.offsetTable().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(MessageQueue::queueId)))
                        .forEach(e -> table.row(broker.getKey(), e.getKey().queueId(), e.getValue().minOffset(),
                                e.getValue().maxOffset(), e.getValue().maxOffset() - e.getValue().minOffset(),
                                e.getValue().lastUpdateTimestamp() <= 0 ? "-"
                                        : Instant.ofEpochMilli(e.getValue().lastUpdateTimestamp()).toString()));
            }
        }
        table.print(context.out());
        return complete ? 0 : 1;
    }

    @Command(name = "delete",
            description = "Delete a topic from the brokers holding it and from every name server.")
    int delete(@Mixin AdminOptions admin,
               @Parameters(paramLabel = "TOPIC", description = "topic name") String topic,
               @Option(names = {"-c", "--cluster"}, paramLabel = "CLUSTER",
                       description = "delete only from this cluster's brokers")
               String cluster) {
        requireValidTopic(topic);
        try (AdminClient client = admin.connect()) {
            TopicRouteData route = client.route(topic);
            for (BrokerData broker : route.brokerDatas()) {
                if (cluster != null && !cluster.equals(broker.cluster())) {
                    continue;
                }
                String master = broker.masterAddr();
                if (master == null) {
                    context.err().println("msgframe: warning: " + broker.brokerName() + " has no master registered; "
                            + "its copy of the topic stays");
                    continue;
                }
                client.deleteTopicInBroker(master, topic);
                context.out().printf("Deleted topic %s on %s (%s)%n", topic, broker.brokerName(), master);
            }
            for (String namesrv : client.namesrvAddrs()) {
                client.deleteTopicInNamesrv(namesrv, topic, cluster);
                context.out().printf("Deleted the route of %s on name server %s%n", topic, namesrv);
            }
        }
        context.out().flush();
        return 0;
    }

    /** Broker name → master address of every broker of {@code cluster}, or of the only cluster when null. */
    private Map<String, String> mastersOf(AdminClient client, String cluster) {
        ClusterInfo info = client.clusterInfo();
        Set<String> clusters = info.clusterAddrTable().keySet();
        if (clusters.isEmpty()) {
            throw CliException.failed("no broker is registered with name server " + client.namesrvAddrs().get(0));
        }
        String chosen = cluster;
        if (chosen == null) {
            if (clusters.size() > 1) {
                throw CliException.usage("several clusters are registered (" + String.join(", ", clusters)
                        + "): choose one with --cluster");
            }
            chosen = clusters.iterator().next();
        }
        Set<String> brokerNames = info.clusterAddrTable().get(chosen);
        if (brokerNames == null) {
            throw CliException.failed("cluster '" + chosen + "' is not registered (known: "
                    + String.join(", ", clusters) + ")");
        }
        Map<String, String> masters = new LinkedHashMap<>();
        List<String> withoutMaster = new ArrayList<>();
        for (String name : new TreeSet<>(brokerNames)) {
            BrokerData broker = info.brokerAddrTable().get(name);
            String master = broker == null ? null : broker.masterAddr();
            if (master == null) {
                withoutMaster.add(name);
            } else {
                masters.put(name, master);
            }
        }
        if (!withoutMaster.isEmpty()) {
            context.err().println("msgframe: warning: no master registered for " + String.join(", ", withoutMaster)
                    + "; the topic is not created there");
        }
        if (masters.isEmpty()) {
            throw CliException.failed("cluster '" + chosen + "' has no master broker registered");
        }
        return masters;
    }

    static String addresses(BrokerData broker) {
        List<String> parts = new ArrayList<>();
        broker.brokerAddrs().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(e.getKey() + "=" + e.getValue()));
        return String.join(" ", parts);
    }

    private static void requireValidTopic(String topic) {
        NameValidator.topicProblem(topic).ifPresent(problem -> {
            throw CliException.usage(problem);
        });
    }
}
