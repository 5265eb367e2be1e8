package io.msgframe.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waiting: every wait in these tests ends, with a failure naming what did not happen. */
final class Await {
    private static final long POLL_MS = 20;

    private Await() {
    }

    /** Polls {@code condition} until it holds; fails with {@code what} once {@code timeout} has passed. */
    static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, () -> what, condition);
    }

    /** As {@link #until(Duration, String, BooleanSupplier)}; {@code what} is computed when the wait fails. */
    static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
            }
            sleep(POLL_MS);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
