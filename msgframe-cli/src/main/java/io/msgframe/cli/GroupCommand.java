package io.msgframe.cli;

import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.ConsumeStats;
import io.msgframe.protocol.body.Connection;
import io.msgframe.protocol.body.ConsumerConnection;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.NameValidator;
import io.msgframe.protocol.body.OffsetWrapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code msgframe group progress GROUP}: how far a consumer group is, per queue, on every broker (GET_CONSUME_STATS,
 * reference §2.14.4), and which clients of the group are connected (GET_CONSUMER_CONNECTION_LIST, §2.14.5). Two
 * connections to one broker with the same client id are reported: such clients compute the same rebalance
 * result, so both consume the same queues and others are left unconsumed.
 */
@Command(name = "group", description = "Show consumer groups.")
final class GroupCommand {
    private final CliContext context;

    GroupCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "progress",
            description = {"Show a consumer group's progress per queue: the queue's max offset, the group's committed "
                    + "offset and the lag between them, with totals; then the group's connected clients.",
                    "Asks every master of the cluster, or the brokers of --topic."})
    int progress(@Mixin AdminOptions admin,
                 @Parameters(paramLabel = "GROUP", description = "consumer group") String group,
                 @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", description = "only this topic")
                 String topic) {
        NameValidator.groupProblem(group).ifPresent(problem -> {
            throw CliException.usage(problem);
        });
        PrintWriter out = context.out();
        boolean complete = true;
        Map<MessageQueue, OffsetWrapper> progress = new TreeMap<>();
        Map<String, ConsumerConnection> connections = new TreeMap<>();
        double tps = 0;
        try (AdminClient client = admin.connect()) {
            Map<String, String> brokers = topic == null ? allMasters(client) : TopicQueues.masters(client.route(topic));
            for (Map.Entry<String, String> broker : brokers.entrySet()) {
                try {
                    ConsumeStats stats = client.consumeStats(broker.getValue(), group, topic);
                    progress.putAll(stats.offsetTable());
                    tps += stats.consumeTps();
                    client.consumerConnections(broker.getValue(), group)
                            .ifPresent(c -> connections.put(broker.getKey(), c));
                } catch (CliException e) {
                    context.err().println("msgframe: " + e.getMessage());
                    complete = false;
                }
            }
        }
        if (progress.isEmpty()) {
            if (!complete) {
                return 1;
            }
            throw CliException.failed("group '" + group + "' has no consume progress" + (topic == null ? ""
                    : " on topic '" + topic + "'") + " on any broker (it never committed an offset)");
        }
        printProgress(out, progress, tps);
        printConnections(out, group, connections);
        out.flush();
        return complete ? 0 : 1;
    }

    private static void printProgress(PrintWriter out, Map<MessageQueue, OffsetWrapper> progress, double tps) {
        Table table = new Table("TOPIC", "BROKER", "QUEUE", "BROKER_OFFSET", "CONSUMER_OFFSET", "LAG",
                "LAST_CONSUMED");
        long brokerTotal = 0;
        long consumerTotal = 0;
        long lagTotal = 0;
        for (Map.Entry<MessageQueue, OffsetWrapper> entry : progress.entrySet()) {
            MessageQueue queue = entry.getKey();
            OffsetWrapper offsets = entry.getValue();
            long lag = Math.max(0, offsets.brokerOffset() - offsets.consumerOffset());
            brokerTotal += offsets.brokerOffset();
            consumerTotal += offsets.consumerOffset();
            lagTotal += lag;
            table.row(queue.topic(), queue.brokerName(), queue.queueId(), offsets.brokerOffset(),
                    offsets.consumerOffset(), lag, offsets.lastTimestamp() <= 0 ? "-"
                            : Instant.ofEpochMilli(offsets.lastTimestamp()).toString());
        }
        table.row("TOTAL", "", "", brokerTotal, consumerTotal, lagTotal, "");
        table.print(out);
        out.printf("Consume TPS: %.2f%n", tps);
    }

    /** The connections per broker, and a warning for each client id two connections to one broker share. */
    private void printConnections(PrintWriter out, String group, Map<String, ConsumerConnection> byBroker) {
        if (byBroker.isEmpty()) {
            out.println("No client of group " + group + " is connected (a client registers with heartbeats; "
                    + "`consume` does not).");
            return;
        }
        out.println();
        Table table = new Table("BROKER", "CLIENT_ID", "CLIENT_ADDRESS", "LANGUAGE", "VERSION");
        for (Map.Entry<String, ConsumerConnection> broker : byBroker.entrySet()) {
            List<Connection> sorted = new ArrayList<>(broker.getValue().connectionSet());
            sorted.sort(Comparator.comparing(Connection::clientId).thenComparing(Connection::clientAddr));
            for (Connection connection : sorted) {
                table.row(broker.getKey(), connection.clientId(), connection.clientAddr(), connection.language(),
                        connection.version());
            }
            Map<String, List<Connection>> byClientId = sorted.stream()
                    .collect(Collectors.groupingBy(Connection::clientId, TreeMap::new, Collectors.toList()));
            byClientId.forEach((clientId, same) -> {
                if (same.size() > 1) {
                    context.err().println("msgframe: warning: " + same.size() + " connections to " + broker.getKey()
                            + " use client id " + clientId + " (" + same.stream().map(Connection::clientAddr)
                            .collect(Collectors.joining(", ")) + "): they rebalance to the same queues, so some "
                            + "queues are consumed twice and others not at all; give each client its own "
                            + "instanceName");
                }
            });
        }
        table.print(out);
    }

    /** Broker name → master address of every broker the name server knows. */
    private static Map<String, String> allMasters(AdminClient client) {
        Map<String, String> masters = client.clusterInfo().brokerAddrTable().values().stream()
                .filter(b -> b.masterAddr() != null)
                .collect(Collectors.toMap(BrokerData::brokerName, BrokerData::masterAddr, (a, b) -> a, TreeMap::new));
        if (masters.isEmpty()) {
            throw CliException.failed("no broker is registered with name server " + client.namesrvAddrs().get(0));
        }
        return masters;
    }
}
