package io.msgframe.cli;

import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.ClusterInfo;
import io.msgframe.protocol.body.PermName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code msgframe broker wipe-write-perm|add-write-perm BROKER_NAME}: the first step of taking a broker out
 * without losing messages, and its undo. Wiping (1) clears the write bit of the broker's queues in every name
 * server's routes (WIPE_WRITE_PERM_OF_BROKER), so producers move to other brokers as they refresh routes, and
 * (2) sets the broker's own {@code brokerPermission} to read-only (UPDATE_BROKER_CONFIG), so its next
 * registration does not bring the write bit back and a producer with an old route is refused and retries
 * elsewhere. Consumers keep reading; once they have drained the broker it can be stopped.
 */
abstract class WritePermCommand implements Callable<Integer> {
    private final CliContext context;
    private final boolean writable;

    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "BROKER_NAME", description = "the broker name (brokerName), as `cluster list` shows")
    String brokerName;

    WritePermCommand(CliContext context, boolean writable) {
        this.context = context;
        this.writable = writable;
    }

    @Command(name = "wipe-write-perm", aliases = "wipe-write",
            description = {"Take a broker out of the write path: producers move to other brokers, consumers go on "
                    + "reading it. Then let consumers drain it and stop it.",
                    "Clears the write permission of its routes on every name server and sets its brokerPermission to "
                            + "4 (read only)."})
    static final class Wipe extends WritePermCommand {
        Wipe(CliContext context) {
            super(context, false);
        }
    }

    @Command(name = "add-write-perm",
            description = "Undo wipe-write-perm: the broker's routes become writable on every name server and its "
                    + "brokerPermission 6 (read and write).")
    static final class Add extends WritePermCommand {
        Add(CliContext context) {
            super(context, true);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = context.out();
        boolean complete = true;
        try (AdminClient client = admin.connect()) {
            ClusterInfo info = client.clusterInfo();
            BrokerData broker = info.brokerAddrTable().get(brokerName);
            if (broker == null) {
                throw CliException.failed("broker '" + brokerName + "' is not registered with name server "
                        + client.namesrvAddrs().get(0) + " (registered: "
                        + String.join(", ", info.brokerAddrTable().keySet()) + ")");
            }
            for (String namesrv : client.namesrvAddrs()) {
                try {
                    int routes = writable ? client.addWritePerm(namesrv, brokerName)
                            : client.wipeWritePerm(namesrv, brokerName);
                    out.printf("name server %s: write permission %s %s topic routes of %s%n", namesrv,
                            writable ? "restored on" : "removed from", routes < 0 ? "the" : routes, brokerName);
                } catch (CliException e) {
                    context.err().println("msgframe: " + e.getMessage());
                    complete = false;
                }
            }
            complete &= setBrokerPermission(client, broker);
        }
        if (complete && !writable) {
            out.printf("Producers now send to other brokers as they refresh routes (every 30 s by default). Let "
                    + "consumers drain %s, then stop it.%n", brokerName);
        }
        out.flush();
        return complete ? 0 : 1;
    }

    /** Sets brokerPermission on the master; false (reported) when it has none or refuses. */
    private boolean setBrokerPermission(AdminClient client, BrokerData broker) {
        String master = broker.masterAddr();
        if (master == null) {
            context.err().println("msgframe: " + brokerName + " has no master registered: its brokerPermission is "
                    + "unchanged");
            return false;
        }
        int perm = writable ? PermName.READ_WRITE : PermName.READ;
        try {
            client.updateBrokerConfig(master, Map.of("brokerPermission", Integer.toString(perm)));
        } catch (CliException e) {
            context.err().println("msgframe: " + e.getMessage());
            return false;
        }
        context.out().printf("broker %s (%s): brokerPermission=%d (%s)%n", brokerName, master, perm,
                writable ? "read and write" : "read only: sends are refused");
        return true;
    }
}
