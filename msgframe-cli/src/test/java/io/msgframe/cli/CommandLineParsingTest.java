package io.msgframe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad usage and bad configuration exit with code 2 and one line naming the option or key; nothing starts. */
class CommandLineParsingTest {
    @TempDir
    Path dir;

    @Test
    void noCommandPrintsUsageAndExitsWithUsageCode() {
        Output.Result result = Output.run();
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("a command is required").contains("standalone");
    }

    @Test
    void unknownOptionIsNamed() {
        Output.Result result = Output.run("standalone", "--no-such-option");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--no-such-option");
    }

    @Test
    void nonNumericPortNamesTheOption() {
        Output.Result result = Output.run("standalone", "--namesrv-port", "abc");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("msgframe: ").contains("--namesrv-port").contains("abc");
    }

    @Test
    void portOutOfRangeNamesTheOption() {
        Output.Result result = Output.run("standalone", "--data", dir.toString(), "--broker-port", "70000");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("msgframe: --broker-port must be a port number 0..65535 (0 = any free "
                + "port), got 70000" + System.lineSeparator());
        assertThat(dir.resolve("abort")).doesNotExist();
    }

    @Test
    void badConfigValueNamesTheKeyWithoutStackTrace() throws IOException {
        Path config = Files.writeString(dir.resolve("broker.properties"), "flushMode=SOMETIMES\n");
        Output.Result result = Output.run("broker", "-c", config.toString(), "--data", dir.resolve("data").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("msgframe: invalid configuration: ").contains("flushMode")
                .contains("SOMETIMES").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(result.err().lines()).hasSize(1);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void unknownBrokerKeyIsNamed() throws IOException {
        Path config = Files.writeString(dir.resolve("broker.properties"), "brokerNmae=broker-b\n");
        Output.Result result = Output.run("standalone", "-c", config.toString(), "--data", dir.toString(),
                "--namesrv-port", "0", "--broker-port", "0");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown key 'brokerNmae'");
        assertThat(dir.resolve("abort")).doesNotExist();
    }

    @Test
    void unknownNameServerKeyIsNamed() throws IOException {
        Path config = Files.writeString(dir.resolve("namesrv.properties"), "listenPort=0\nscanIntervalSecs=5\n");
        Output.Result result = Output.run("namesrv", "-c", config.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("scanIntervalSecs");
    }

    @Test
    void missingConfigFileIsReported() {
        Output.Result result = Output.run("broker", "-c", dir.resolve("nope.properties").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("nope.properties").contains("does not exist");
    }

    @Test
    void badNameServerAddressIsUsageError() {
        Output.Result result = Output.run("topic", "list", "-n", "localhost");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--namesrv").contains("localhost");
    }

    @Test
    void invalidTopicNameIsUsageError() {
        Output.Result result = Output.run("topic", "create", "bad topic!", "-n", "127.0.0.1:1");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("illegal characters");
    }

    @Test
    void unreachableNameServerIsOneLineAndExitCodeOne() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Output.Result result = Output.run("cluster", "list", "-n", "127.0.0.1:" + closedPort, "--timeout-ms", "3000");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("msgframe: cannot reach name server 127.0.0.1:" + closedPort);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.out()).isEmpty();
    }
}
