package io.msgframe.cli;

import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;

/** Options every admin command shares: which name servers to ask and how long to wait for an answer. */
final class AdminOptions {
    @Option(names = {"-n", "--namesrv"}, paramLabel = "HOST:PORT[;HOST:PORT...]",
            defaultValue = "${env:NAMESRV_ADDR:-127.0.0.1:9876}",
            description = "name servers, ';'-separated (default: $NAMESRV_ADDR, else ${DEFAULT-VALUE})")
    String namesrv;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "how long to wait for each answer (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    /** A client for these name servers; close it when done. */
    AdminClient connect() {
        List<String> addrs = Arrays.stream(namesrv.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (addrs.isEmpty()) {
            throw CliException.usage("no name server address given (-n host:port)");
        }
        for (String addr : addrs) {
            int colon = addr.lastIndexOf(':');
            if (colon <= 0 || !addr.substring(colon + 1).chars().allMatch(Character::isDigit)
                    || colon == addr.length() - 1) {
                throw CliException.usage("--namesrv: '" + addr + "' is not host:port");
            }
        }
        if (timeoutMs <= 0) {
            throw CliException.usage("--timeout-ms must be positive, got " + timeoutMs);
        }
        return new AdminClient(addrs, timeoutMs);
    }
}
