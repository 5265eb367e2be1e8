package io.msgframe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code msgframe standalone} as its own JVM: SIGTERM (what {@link Process#destroy()} sends on Linux) runs the
 * shutdown hook, which stops the broker (flush, persist, remove {@code abort}) and then the name server.
 */
class StandaloneProcessTest {
    private static final Duration READY_WAIT = Duration.ofSeconds(60);
    /** The exit status of a JVM ended by SIGTERM: 128 + 15. */
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    Path dir;

    @Test
    void sigtermStopsStandaloneCleanly() throws Exception {
        Path data = dir.resolve("data");
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-Dmsgframe.log.level=INFO",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "standalone", "--data", data.toString(), "--namesrv-port", "0", "--broker-port", "0")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            Matcher ready = StandaloneCommandTest.READY.matcher(awaitReadyLine(process, stdout, stderr));
            assertThat(ready.matches()).isTrue();
            Output.Result created = Output.run("topic", "create", "orders", "-n", ready.group(1));
            assertThat(created.exitCode()).as(created.err()).isZero();
            assertThat(data.resolve("abort")).exists();

            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            assertThat(process.exitValue()).isIn(0, SIGTERM_EXIT);
            assertThat(Files.readString(stdout)).contains("MsgFrame standalone stopped");
            assertThat(Files.readString(stderr)).contains("Broker " + ready.group(2) + " stopped")
                    .contains("Name server stopped").doesNotContain("ERROR");
            assertThat(data.resolve("abort")).doesNotExist();
            assertThat(data.resolve("checkpoint")).exists();
            assertThat(data.resolve("config").resolve("topics.json")).content().contains("\"orders\"");
        } finally {
            process.destroyForcibly();
        }
    }

    private static String awaitReadyLine(Process process, Path stdout, Path stderr) throws IOException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String line = Files.readString(stdout).lines().filter(l -> l.startsWith("MsgFrame standalone ready: "))
                    .findFirst().orElse(null);
            if (line != null) {
                return line;
            }
            if (!process.isAlive()) {
                fail("standalone exited with " + process.exitValue() + " before the ready line; stderr:\n"
                        + Files.readString(stderr));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return fail("no ready line within " + READY_WAIT + "; stderr:\n" + Files.readString(stderr));
    }
}
