package io.msgframe.store.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code docs/configuration.md} from the declaration tables, so the reference can never drift from the
 * code: {@code java -cp ... io.msgframe.store.config.ConfigReference docs/configuration.md}. A test fails when
 * the committed file differs from what this would write.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    public static String render() {
        return "# Configuration reference\n\n"
                + "Generated from the declaration tables in the code (`StoreConfig.TABLE`); do not edit by hand.\n"
                + "Keys are given in a properties file or on the command line. RocketMQ's `broker.conf` names are\n"
                + "accepted where the meaning and unit are the same. Every value is validated at start-up, and an\n"
                + "unknown key is an error that names it.\n\n"
                + "## Store\n\n"
                + StoreConfig.TABLE.markdown();
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.writeString(target, render(), StandardCharsets.UTF_8);
    }
}
