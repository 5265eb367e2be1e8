package io.msgframe.it.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waiting: polls a condition every few milliseconds and fails with a description once time is up. */
final class Await {
    private static final long POLL_MS = 20;

    private Await() {
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @param state describes what was seen, for the failure message
     * @throws AssertionError when {@code timeout} passes first
     */
    static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + "; last seen: "
                        + state.get());
            }
            sleep(POLL_MS);
        }
    }

    static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, what, condition, () -> "-");
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
