package io.msgframe.broker.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delay of each level (reference §6.2), parsed from RocketMQ's {@code messageDelayLevel} text: delays
 * separated by spaces, each a positive number followed by ms, s, m, h or d. Level L (1-based) is queue L-1 of
 * {@code SCHEDULE_TOPIC_XXXX}; levels above the last are clamped to it.
 */
public final class DelayLevels {
    public static final String DEFAULT = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    private final long[] delayMs;

    private DelayLevels(long[] delayMs) {
        this.delayMs = delayMs;
    }

    /** @throws IllegalArgumentException naming the first bad entry */
    public static DelayLevels parse(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        String[] parts = text.trim().split("\\s+");
        long[] delays = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            delays[i] = millisOf(parts[i]);
        }
        return new DelayLevels(delays);
    }

    /** True when {@link #parse} accepts {@code text} (the config table's validator). */
    public static boolean isValid(String text) {
        return problem(text).isEmpty();
    }

    /** What is wrong with a {@code messageDelayLevel} value, if anything. */
    public static Optional<String> problem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("messageDelayLevel is empty: give at least one delay such as '1s'");
        }
        List<String> bad = new ArrayList<>();
        String[] parts = text.trim().split("\\s+");
        for (String part : parts) {
            if (millisOf(part) <= 0) {
                bad.add(part);
            }
        }
        if (!bad.isEmpty()) {
            return Optional.of("messageDelayLevel entries " + bad + " are not positive delays like 500ms, 5s, 2m, 1h, 1d");
        }
        if (parts.length > 18) {
            return Optional.of("messageDelayLevel has " + parts.length + " levels; SCHEDULE_TOPIC_XXXX has 18 queues");
        }
        return Optional.empty();
    }

    private static long millisOf(String part) {
        if (part.length() < 2) {
            return -1;
        }
        if (part.length() > 2 && part.toLowerCase().endsWith("ms")) {
            try {
                long n = Long.parseLong(part.substring(0, part.length() - 2));
                return n > 0 ? n : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        long unit = switch (Character.toLowerCase(part.charAt(part.length() - 1))) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            default -> -1;
        };
        try {
            long n = Long.parseLong(part.substring(0, part.length() - 1));
            return unit < 0 || n <= 0 ? -1 : n * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The number of levels (the highest level). */
    public int count() {
        return delayMs.length;
    }

    /** {@code level} clamped to 1..count. */
    public int clamp(int level) {
        return Math.max(1, Math.min(level, delayMs.length));
    }

    /** Delay of a level (clamped). */
    public long delayMs(int level) {
        return delayMs[clamp(level) - 1];
    }
}
