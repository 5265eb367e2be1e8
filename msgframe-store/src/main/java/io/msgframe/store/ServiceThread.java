package io.msgframe.store;

import java.util.concurrent.locks.LockSupport;

/**
 * The life cycle every background service of the store shares: one named daemon thread running the
 * service's loop while {@link #isRunning()}, woken by {@link #wakeUp()}, and stopped by clearing the flag,
 * unparking and joining. The loop itself stays in the service.
 */
public final class ServiceThread {
    private final Thread thread;
    private volatile boolean running;

    public ServiceThread(String name, Runnable loop) {
        this.thread = new Thread(loop, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        running = true;
        thread.start();
    }

    public boolean isRunning() {
        return running;
    }

    public void wakeUp() {
        LockSupport.unpark(thread);
    }

    /**
     * Clears the running flag, wakes the loop and waits for it to finish (its last round included).
     *
     * @return false when it was not running
     */
    public boolean stop(long joinTimeoutMs) {
        if (!running) {
            return false;
        }
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(joinTimeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
