package io.msgframe.client.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Bounded waits for the consumer tests. */
final class Polling {

    private Polling() {
    }

    /** Polls until {@code count} messages arrived or {@code max} passed; returns what arrived. */
    static List<ReceivedMessage> pollUntil(PullConsumer consumer, int count, Duration max) {
        List<ReceivedMessage> out = new ArrayList<>();
        long deadline = System.nanoTime() + max.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            out.addAll(consumer.poll(Duration.ofMillis(200)));
        }
        return out;
    }

    /** Polls for {@code quiet} and returns everything that came. */
    static List<ReceivedMessage> pollFor(PullConsumer consumer, Duration quiet) {
        List<ReceivedMessage> out = new ArrayList<>();
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            out.addAll(consumer.poll(Duration.ofMillis(100)));
        }
        return out;
    }

    /** Waits until {@code condition} holds; false when {@code max} passed first. */
    static boolean await(BooleanSupplier condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
