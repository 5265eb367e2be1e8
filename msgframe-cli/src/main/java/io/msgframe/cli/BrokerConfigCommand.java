package io.msgframe.cli;

import io.msgframe.protocol.body.BrokerData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code msgframe broker config BROKER}: the configuration a running broker uses, every key with its value. */
@Command(name = "config",
        description = "Print a running broker's configuration (GET_BROKER_CONFIG), one key=value a line.")
final class BrokerConfigCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "BROKER", description = "broker name (its master is asked) or HOST:PORT")
    String broker;

    BrokerConfigCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (AdminClient client = admin.connect()) {
            String addr = broker.contains(":") ? broker : masterOf(client, broker);
            for (Map.Entry<String, String> entry : client.brokerConfig(addr).entrySet()) {
                context.out().println(entry.getKey() + "=" + entry.getValue());
            }
        }
        context.out().flush();
        return 0;
    }

    private static String masterOf(AdminClient client, String brokerName) {
        BrokerData data = client.clusterInfo().brokerAddrTable().get(brokerName);
        if (data == null || data.masterAddr() == null) {
            throw CliException.failed("broker '" + brokerName + "' has no master registered with name server "
                    + client.namesrvAddrs().get(0));
        }
        return data.masterAddr();
    }
}
