package io.msgframe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone command in-process on ephemeral loopback ports: one ready line with the real addresses, admin
 * commands against it through {@link Main#execute}, and a clean stop (what the shutdown hook runs) that leaves no
 * {@code abort} file.
 */
class StandaloneCommandTest {
    static final Pattern READY = Pattern.compile(
            "MsgFrame standalone ready: name server (\\S+), broker (\\S+) at (\\S+), data in (.+)");
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void servesAdminCommandsAndStopsCleanly() throws Exception {
        try (ServerCommandRun standalone = new ServerCommandRun("standalone", "--data", data.toString(),
                "--namesrv-port", "0", "--broker-port", "0")) {
            Matcher ready = READY.matcher(standalone.awaitLine("MsgFrame standalone ready: ", READY_WAIT));
            assertThat(ready.matches()).isTrue();
            String namesrv = ready.group(1);
            String brokerName = ready.group(2);
            String brokerAddr = ready.group(3);
            assertThat(namesrv).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
            assertThat(brokerAddr).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
            assertThat(ready.group(4)).isEqualTo(data.toAbsolutePath().normalize().toString());
            assertThat(standalone.out.text().lines().filter(l -> l.startsWith("MsgFrame standalone ready"))).hasSize(1);
            assertThat(data.resolve("abort")).exists();

            Output.Result created = Output.run("topic", "create", "orders", "-r", "4", "-w", "4", "-n", namesrv);
            assertThat(created.exitCode()).as(created.err()).isZero();
            assertThat(created.out()).contains("Created topic orders on " + brokerName + " (" + brokerAddr + ")");

            Output.Result list = Output.run("topic", "list", "-n", namesrv);
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out().lines()).contains("orders", "TBW102");

            Output.Result route = Output.run("topic", "route", "orders", "-n", namesrv);
            assertThat(route.exitCode()).as(route.err()).isZero();
            assertThat(route.out()).containsPattern(Pattern.quote(brokerName)
                    + "\\s+DefaultCluster\\s+4\\s+4\\s+RW-\\s+0=" + Pattern.quote(brokerAddr));

            Output.Result clusters = Output.run("cluster", "list", "-n", namesrv);
            assertThat(clusters.exitCode()).as(clusters.err()).isZero();
            assertThat(clusters.out()).containsPattern("DefaultCluster\\s+" + Pattern.quote(brokerName) + "\\s+0\\s+"
                    + Pattern.quote(brokerAddr));

            Output.Result unknown = Output.run("topic", "route", "no-such-topic", "-n", namesrv);
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).isEqualTo("msgframe: topic 'no-such-topic' does not exist (no route on name "
                    + "server " + namesrv + ")" + System.lineSeparator());

            Output.Result wiped = Output.run("broker", "wipe-write-perm", brokerName, "-n", namesrv);
            assertThat(wiped.exitCode()).as(wiped.err()).isZero();
            assertThat(wiped.out()).contains("name server " + namesrv + ": write permission removed from")
                    .contains("brokerPermission=4");
            assertThat(Output.run("topic", "route", "orders", "-n", namesrv).out()).contains("R--")
                    .doesNotContain("RW-");
            assertThat(Output.run("broker", "config", brokerName, "-n", namesrv).out().lines())
                    .contains("brokerPermission=4", "autoCreateTopicEnable=true");

            Output.Result restored = Output.run("broker", "add-write-perm", brokerName, "-n", namesrv);
            assertThat(restored.exitCode()).as(restored.err()).isZero();
            assertThat(Output.run("topic", "route", "orders", "-n", namesrv).out()).contains("RW-");

            assertThat(standalone.stop()).isZero();
            assertThat(standalone.out.text()).contains("MsgFrame standalone stopped");
        }
        assertThat(data.resolve("abort")).doesNotExist();
        assertThat(data.resolve("checkpoint")).exists();
        assertThat(data.resolve("config").resolve("topics.json")).content().contains("\"orders\"");
    }

    @Test
    void deletedTopicLeavesBrokerAndRoutes() throws Exception {
        try (ServerCommandRun standalone = new ServerCommandRun("standalone", "--data", data.toString(),
                "--namesrv-port", "0", "--broker-port", "0")) {
            Matcher ready = READY.matcher(standalone.awaitLine("MsgFrame standalone ready: ", READY_WAIT));
            assertThat(ready.matches()).isTrue();
            String namesrv = ready.group(1);
            assertThat(Output.run("topic", "create", "short-lived", "-n", namesrv).exitCode()).isZero();

            Output.Result deleted = Output.run("topic", "delete", "short-lived", "-n", namesrv);
            assertThat(deleted.exitCode()).as(deleted.err()).isZero();
            assertThat(Output.run("topic", "list", "-n", namesrv).out().lines()).doesNotContain("short-lived");
            assertThat(Output.run("topic", "route", "short-lived", "-n", namesrv).exitCode()).isEqualTo(1);
            assertThat(standalone.stop()).isZero();
        }
    }

    @Test
    void separateNameServerAndBrokerCommandsFormACluster() throws Exception {
        Path namesrvConfig = Files.writeString(data.resolve("namesrv.properties"),
                "bindAddress=127.0.0.1\nkvConfigPath=" + data.resolve("kvConfig.json") + "\n");
        try (ServerCommandRun namesrv = new ServerCommandRun("namesrv", "-c", namesrvConfig.toString(),
                "--port", "0")) {
            String ready = namesrv.awaitLine("MsgFrame name server ready on ", READY_WAIT);
            String namesrvAddr = ready.split(" ")[5];
            assertThat(namesrvAddr).startsWith("127.0.0.1:");
            Path brokerData = data.resolve("broker");
            Path brokerConfig = Files.writeString(data.resolve("broker.properties"),
                    "brokerName=broker-b\nbrokerClusterName=TestCluster\nbindAddress=127.0.0.1\n"
                            + "brokerIP1=127.0.0.1\nautoCreateTopicEnable=false\n");
            try (ServerCommandRun broker = new ServerCommandRun("broker", "-c", brokerConfig.toString(),
                    "--namesrv", namesrvAddr, "--port", "0", "--data", brokerData.toString())) {
                String brokerReady = broker.awaitLine("MsgFrame broker ", READY_WAIT);
                assertThat(brokerReady).startsWith("MsgFrame broker broker-b ready at 127.0.0.1:")
                        .contains("cluster TestCluster, name servers " + namesrvAddr);
                assertThat(Output.run("cluster", "list", "-n", namesrvAddr).out())
                        .containsPattern("TestCluster\\s+broker-b\\s+0\\s+127\\.0\\.0\\.1:");
                assertThat(broker.stop()).isZero();
                assertThat(broker.out.text()).contains("MsgFrame broker broker-b stopped");
            }
            assertThat(brokerData.resolve("abort")).doesNotExist();
            assertThat(namesrv.stop()).isZero();
        }
    }
}
