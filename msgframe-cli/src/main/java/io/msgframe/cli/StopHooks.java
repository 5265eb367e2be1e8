package io.msgframe.cli;

/**
 * Where a server command registers what must run when the process is asked to stop. In the launcher these are JVM
 * shutdown hooks, so SIGTERM and Ctrl-C stop the servers cleanly; tests record them and run them themselves.
 */
public interface StopHooks {

    /** Runs {@code stop} when the process stops. */
    void add(Runnable stop);

    /** JVM shutdown hooks: run on SIGTERM, SIGINT (Ctrl-C) and {@code System.exit}. */
    static StopHooks jvm() {
        return stop -> Runtime.getRuntime().addShutdownHook(new Thread(stop, "msgframe-shutdown"));
    }
}
