package io.msgframe.cli;

import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.ClusterInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code msgframe cluster list}: the clusters, broker names and broker processes a name server knows. */
@Command(name = "cluster", description = "Show clusters and their brokers.")
final class ClusterCommand {
    private final CliContext context;

    ClusterCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "list",
            description = "List every cluster, its broker names and their members (id 0 = master).")
    int list(@Mixin AdminOptions admin) {
        ClusterInfo info;
        try (AdminClient client = admin.connect()) {
            info = client.clusterInfo();
        }
        Table table = new Table("CLUSTER", "BROKER", "ID", "ADDRESS");
        for (Map.Entry<String, Set<String>> cluster : new TreeMap<>(info.clusterAddrTable()).entrySet()) {
            for (String name : new TreeSet<>(cluster.getValue())) {
                BrokerData broker = info.brokerAddrTable().get(name);
                if (broker == null || broker.brokerAddrs().isEmpty()) {
                    table.row(cluster.getKey(), name, "-", "-");
                    continue;
                }
                new TreeMap<>(broker.brokerAddrs()).forEach((id, addr) ->
                        table.row(cluster.getKey(), name, id, addr));
            }
        }
        table.print(context.out());
        return 0;
    }
}
