package io.msgframe.protocol.message;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Makes {@link UniqueMessageId}s for one process. Thread-safe; the counter wraps at 2^16, so ids stay
 * unique as long as fewer than 65,536 are made in one millisecond.
 */
public final class UniqueIdGenerator {
    private final InetAddress address;
    private final short processId;
    private final int classLoaderHash;
    private final Clock clock;
    private long monthStartMs;
    private long nextMonthStartMs;
    private short counter;

    public UniqueIdGenerator(InetAddress address, Clock clock) {
        this.address = address;
        this.processId = (short) ProcessHandle.current().pid();
        this.classLoaderHash = System.identityHashCode(UniqueIdGenerator.class.getClassLoader());
        this.clock = clock;
    }

    public synchronized String next() {
        long now = clock.millis();
        if (now >= nextMonthStartMs || now < monthStartMs) {
            ZonedDateTime start = Instant.ofEpochMilli(now).atZone(ZoneId.systemDefault())
                    .withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
            monthStartMs = start.toInstant().toEpochMilli();
            nextMonthStartMs = start.plusMonths(1).toInstant().toEpochMilli();
        }
        counter++;
        return new UniqueMessageId(address, processId, classLoaderHash, (int) (now - monthStartMs), counter).encode();
    }
}
