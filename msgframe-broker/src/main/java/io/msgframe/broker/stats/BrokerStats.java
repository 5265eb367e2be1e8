package io.msgframe.broker.stats;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Message counts the admin tools show: put and get TPS over 10 s / 60 s / 600 s (GET_BROKER_RUNTIME_INFO), a
 * group's pull TPS (GET_CONSUME_STATS), and RocketMQ's day totals ({@code msgPutTotalTodayMorning} …). The send
 * and pull processors record what they stored and served.
 */
public final class BrokerStats {
    private final Clock clock;
    private final RateCounter puts = new RateCounter();
    private final RateCounter gets = new RateCounter();
    private final ConcurrentHashMap<String, RateCounter> getsByGroup = new ConcurrentHashMap<>();
    private final DayTotals putDays = new DayTotals();
    private final DayTotals getDays = new DayTotals();

    public BrokerStats(Clock clock) {
        this.clock = clock;
    }

    /** {@code messages} were stored (a batch counts each message). */
    public void recordPut(int messages) {
        long now = clock.millis();
        puts.add(messages, now);
        putDays.roll(puts.total() - messages, today(now));
    }

    /** {@code messages} were served to a consumer of {@code group}. */
    public void recordGet(String group, int messages) {
        long now = clock.millis();
        gets.add(messages, now);
        getDays.roll(gets.total() - messages, today(now));
        if (group != null) {
            getsByGroup.computeIfAbsent(group, g -> new RateCounter()).add(messages, now);
        }
    }

    /** RocketMQ's runtime-info format: TPS over 10 s, 60 s and 600 s, separated by spaces. */
    public String putTps() {
        return triple(puts);
    }

    public String getTps() {
        return triple(gets);
    }

    /** Pull TPS of a group over the last minute. */
    public double groupGetTps(String group) {
        RateCounter counter = getsByGroup.get(group);
        return counter == null ? 0 : counter.tps(60, clock.millis());
    }

    public long putTotal() {
        return puts.total();
    }

    public long getTotal() {
        return gets.total();
    }

    /** Total puts at the start of today and of yesterday, as far as this process saw them. */
    public long putTotalTodayMorning() {
        putDays.roll(puts.total(), today(clock.millis()));
        return putDays.todayMorning;
    }

    public long putTotalYesterdayMorning() {
        putDays.roll(puts.total(), today(clock.millis()));
        return putDays.yesterdayMorning;
    }

    public long getTotalTodayMorning() {
        getDays.roll(gets.total(), today(clock.millis()));
        return getDays.todayMorning;
    }

    public long getTotalYesterdayMorning() {
        getDays.roll(gets.total(), today(clock.millis()));
        return getDays.yesterdayMorning;
    }

    private String triple(RateCounter counter) {
        long now = clock.millis();
        return String.format(Locale.ROOT, "%.2f %.2f %.2f", counter.tps(10, now), counter.tps(60, now),
                counter.tps(600, now));
    }

    private LocalDate today(long nowMs) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(nowMs), clock.getZone());
    }

    /** The running total when each day began. */
    private static final class DayTotals {
        private LocalDate day;
        private long todayMorning;
        private long yesterdayMorning;

        synchronized void roll(long totalNow, LocalDate today) {
            if (day == null) {
                day = today;
                return;
            }
            if (today.isAfter(day)) {
                yesterdayMorning = today.minusDays(1).equals(day) ? todayMorning : totalNow;
                todayMorning = totalNow;
                day = today;
            }
        }
    }
}
