package io.msgframe.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

/**
 * The servers one command runs (a name server, a broker, or both in standalone), started in order and stopped in
 * reverse: the broker flushes, persists offsets and config and removes {@code abort} while the name server it
 * registers with is still up. {@link #stop} is what the shutdown hook runs; the command's thread waits in
 * {@link #awaitStop} until it is done.
 */
final class ServerLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ServerLifecycle.class);

    private final Deque<Stoppable> started = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean stopping;

    private record Stoppable(String name, Runnable stop) {
    }

    /**
     * Starts one server. If it fails, the ones started before are stopped again (reverse order).
     *
     * @throws CliException saying why the server did not start (port taken, data directory unusable, ...), or
     *                      that {@link #stop} was called already (a SIGTERM during start-up)
     */
    void start(String name, Runnable start, Runnable stop) {
        synchronized (this) {
            if (stopping) {
                throw CliException.failed("not starting the " + name + ": the process is stopping");
            }
        }
        try {
            start.run();
        } catch (RuntimeException e) {
            log.debug("The {} failed to start", name, e);
            stop();
            throw CliException.failed("cannot start the " + name + ": " + describe(e), e);
        }
        synchronized (this) {
            started.push(new Stoppable(name, stop));
            if (!stopping) {
                return;
            }
        }
        stop(); // asked to stop while this one was starting
    }

    /**
     * Stops every started server, last started first; a failure is logged and the others still stop. Holds the
     * lock throughout, so a second caller returns only when everything is stopped.
     *
     * @return whether this call stopped anything (false when nothing had started or another call stopped it)
     */
    synchronized boolean stop() {
        stopping = true;
        boolean any = !started.isEmpty();
        while (!started.isEmpty()) {
            Stoppable next = started.pop();
            try {
                next.stop().run();
            } catch (RuntimeException e) {
                log.error("Stopping the {} failed", next.name(), e);
            }
        }
        stopped.countDown();
        return any;
    }

    /**
     * The stop hook of a command: stops the servers and, if that stopped any, prints {@code stoppedLine}. Printed
     * here rather than by the command's thread, because on SIGTERM the JVM halts as soon as the hooks are done.
     */
    Runnable stopHook(PrintWriter out, String stoppedLine) {
        return () -> {
            if (stop()) {
                out.println(stoppedLine);
                out.flush();
            }
        };
    }

    /** The message of a start-up failure and of its causes, where they add something. */
    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !text.toString().contains(message)) {
                text.append(": ").append(message);
            }
        }
        return text.toString();
    }

    /** Blocks until {@link #stop} has stopped everything. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }
}
