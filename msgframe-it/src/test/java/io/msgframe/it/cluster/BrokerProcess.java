package io.msgframe.it.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link CrashBrokerMain} child JVM (this JVM's java and class path, see {@link #childClassPath}): started,
 * awaited until it prints READY, then killed with SIGKILL ({@link Process#destroyForcibly}) or stopped gracefully
 * by closing its input. Its output and log go to a file, quoted when it fails to start.
 */
final class BrokerProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_MS = 20_000;
    private static final long EXIT_TIMEOUT_MS = 10_000;
    /** A complete READY line (the newline proves it was written whole). */
    private static final Pattern READY = Pattern.compile("(?m)^READY namesrv=(\\S+) broker=(\\S+)\\R");

    private final Process process;
    final String namesrvAddr;
    final String brokerAddr;

    private BrokerProcess(Process process, String namesrvAddr, String brokerAddr) {
        this.process = process;
        this.namesrvAddr = namesrvAddr;
        this.brokerAddr = brokerAddr;
    }

    /**
     * Copies the child's own classes (the main class and what it uses from this package) to {@code dir}, to be
     * put first on the child's class path: a concurrent build recompiling target/test-classes cannot then take
     * them away between two starts.
     *
     * @return the class path for {@link #start}
     */
    static String childClassPath(Path dir) throws IOException {
        for (Class<?> type : List.of(CrashBrokerMain.class, LocalCluster.class)) {
            String resource = type.getName().replace('.', '/') + ".class";
            try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("class file " + resource + " not found");
                }
                Path target = dir.resolve(resource);
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
            }
        }
        return dir + File.pathSeparator + System.getProperty("java.class.path");
    }

    static BrokerProcess start(String classPath, Path data, String topic, int queues, Path log) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", classPath,
                CrashBrokerMain.class.getName(), data.toString(), topic, Integer.toString(queues));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (System.nanoTime() - deadline < 0) {
            Matcher ready = READY.matcher(new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1));
            if (ready.find()) {
                return new BrokerProcess(process, ready.group(1), ready.group(2));
            }
            if (!process.isAlive()) {
                throw new AssertionError("the broker process exited with " + process.exitValue() + " before READY:\n"
                        + Files.readString(log));
            }
            Await.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("no READY from the broker process in " + READY_TIMEOUT_MS + " ms:\n"
                + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook, no flush, no clean-stop checkpoint. Returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(EXIT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the broker process survived SIGKILL for " + EXIT_TIMEOUT_MS + " ms");
        }
    }

    /** Graceful stop (end of input), SIGKILL if that takes too long. */
    @Override
    public void close() throws IOException {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed: fall through to the wait
        }
        try {
            if (!process.waitFor(EXIT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
