package io.msgframe.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The stop hooks a server command registered, run by the test as the JVM runs them on SIGTERM. */
final class RecordedStopHooks implements StopHooks {
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

    @Override
    public void add(Runnable stop) {
        hooks.add(stop);
    }

    /** Runs every hook registered so far (a second run finds the servers stopped and does nothing). */
    void runAll() {
        hooks.forEach(Runnable::run);
    }
}
