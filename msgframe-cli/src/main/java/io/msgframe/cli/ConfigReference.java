package io.msgframe.cli;

import io.msgframe.broker.BrokerConfig;
import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.protocol.config.ConfigKey;
import io.msgframe.remoting.RemotingServerConfig;
import io.msgframe.store.config.StoreConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code docs/configuration.md} from the declaration tables, so the reference can never drift from the
 * code: {@code java -cp msgframe-cli/target/msgframe.jar io.msgframe.cli.ConfigReference docs/configuration.md}.
 * A test fails when the committed file differs from what this would write.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    public static String render() {
        return "# Configuration reference\n\n"
                + "Generated from the declaration tables in the code; do not edit by hand (regenerate with\n"
                + "`io.msgframe.cli.ConfigReference`). Keys are given in a properties file (`-c`) or on the command\n"
                + "line. RocketMQ's `broker.conf` names are accepted where the meaning and unit are the same. Every\n"
                + "value is validated at start-up, and an unknown key is an error that names it.\n\n"
                + "A broker's file holds broker, store and network keys together; a name server's file holds the name\n"
                + "server keys.\n\n"
                + section("Broker", "`BrokerConfig.TABLE`", BrokerConfig.TABLE.markdown(ConfigReference::brokerDefault))
                + section("Store", "`StoreConfig.TABLE`", StoreConfig.TABLE.markdown())
                + section("Network (broker side)", "`RemotingServerConfig.TABLE`", RemotingServerConfig.TABLE.markdown())
                + section("Name server", "`NamesrvConfig.TABLE`", NamesrvConfig.TABLE.markdown());
    }

    /** Defaults computed from the machine are described, so the reference is the same on every machine. */
    private static String brokerDefault(ConfigKey<?> key) {
        if (key == BrokerConfig.BROKER_NAME) {
            return "broker-&lt;host name&gt;";
        }
        if (key == BrokerConfig.BROKER_IP) {
            return "first non-loopback IPv4 address";
        }
        return String.valueOf(key.defaultValue());
    }

    private static String section(String title, String source, String table) {
        return "## " + title + "\n\nFrom " + source + ".\n\n" + table + "\n";
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.writeString(target, render(), StandardCharsets.UTF_8);
    }
}
