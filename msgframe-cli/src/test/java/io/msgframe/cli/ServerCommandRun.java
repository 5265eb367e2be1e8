package io.msgframe.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.fail;

/**
 * A server command ({@code standalone}, {@code namesrv}, {@code broker}) run in-process on its own thread, with
 * its output captured and its stop hooks recorded, as {@code Main.main} would run it in its own JVM.
 */
final class ServerCommandRun implements AutoCloseable {
    final Output out = new Output();
    final Output err = new Output();
    private final RecordedStopHooks hooks = new RecordedStopHooks();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    ServerCommandRun(String... args) {
        Thread thread = new Thread(() -> {
            try {
                exit.complete(Main.execute(new CliContext(out.writer(), err.writer(), hooks), args));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        }, "test-" + args[0]);
        thread.setDaemon(true);
        thread.start();
    }

    /** The first stdout line starting with {@code prefix}; fails if the command exits or the wait ends first. */
    String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String line = out.text().lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
            if (line != null) {
                return line;
            }
            if (exit.isDone()) {
                fail("the command ended (" + exit.getNow(null) + ") before printing '" + prefix + "'; stderr:\n"
                        + err.text());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return fail("no line starting with '" + prefix + "' within " + timeout + "; stdout:\n" + out.text()
                + "\nstderr:\n" + err.text());
    }

    /** Runs the stop hooks (what SIGTERM does) and returns the command's exit code. */
    int stop() throws Exception {
        hooks.runAll();
        return exit.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        hooks.runAll();
    }
}
