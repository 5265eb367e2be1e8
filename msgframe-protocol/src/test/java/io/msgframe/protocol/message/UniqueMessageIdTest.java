package io.msgframe.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class UniqueMessageIdTest {

    /** The generator counts from the start of the month in the JVM's default time zone, like RocketMQ. */
    private static final ZoneId ZONE = ZoneId.systemDefault();

    private static InetAddress address(int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final InetAddress CLIENT = address(10, 0, 0, 1);

    private static Instant at(int year, int month, int day, int hour, int minute, int second, int millis) {
        return LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000).atZone(ZONE).toInstant();
    }

    /** A clock whose time the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void encodesTheReferenceLayoutAs32UppercaseHexCharactersForIpv4() {
        UniqueMessageId id = new UniqueMessageId(CLIENT, (short) 0x1234, 0xCAFEBABE, 0x01020304, (short) 0xABCD);

        // IP (4) + pid (int16) + class-loader hash (int32) + ms of month (int32) + counter (int16)
        assertThat(id.encode()).isEqualTo("0A000001" + "1234" + "CAFEBABE" + "01020304" + "ABCD");
    }

    @Test
    void encodesAnIpv6ClientAs56Characters() {
        InetAddress v6 = address(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        UniqueMessageId id = new UniqueMessageId(v6, (short) 1, 2, 3, (short) 4);

        assertThat(id.encode()).isEqualTo("20010DB8000000000000000000000001" + "0001" + "00000002" + "00000003" + "0004");
    }

    @Test
    void parseOfEncodeRoundTripsEveryField() {
        InetAddress v6 = address(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        UniqueMessageId[] ids = {
            new UniqueMessageId(CLIENT, (short) 0x1234, 0xCAFEBABE, 0x01020304, (short) 0xABCD),
            new UniqueMessageId(address(255, 255, 255, 255), Short.MIN_VALUE, Integer.MIN_VALUE, -1, (short) -1),
            new UniqueMessageId(address(0, 0, 0, 0), (short) 0, 0, 0, (short) 0),
            new UniqueMessageId(v6, Short.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Short.MAX_VALUE)};

        for (UniqueMessageId id : ids) {
            assertThat(UniqueMessageId.parse(id.encode())).isEqualTo(id);
        }
    }

    @Test
    void parsesLowercaseHex() {
        assertThat(UniqueMessageId.parse("0a0000011234cafebabe01020304abcd"))
                .isEqualTo(new UniqueMessageId(CLIENT, (short) 0x1234, 0xCAFEBABE, 0x01020304, (short) 0xABCD));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "0A0000011234CAFEBABE01020304ABC", "0A0000011234CAFEBABE01020304ABCD0",
            "0A0000011234CAFEBABE01020304ABCD0A000001", "0A0000011234CAFEBABE01020304ABCD0A0000011234CAFEBABE010"})
    void parseRejectsIdsThatAreNot32Or56Characters(String id) {
        assertThatThrownBy(() -> UniqueMessageId.parse(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseRejectsNonHexCharacters() {
        assertThatThrownBy(() -> UniqueMessageId.parse("0A0000011234CAFEBABE01020304ABCZ"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatorMakes32HexCharacterIdsCarryingTheClientAddressAndProcessId() {
        Instant now = at(2024, 5, 17, 13, 45, 12, 345);
        UniqueIdGenerator generator = new UniqueIdGenerator(CLIENT, Clock.fixed(now, ZONE));

        String next = generator.next();

        assertThat(next).hasSize(32).matches("[0-9A-F]{32}").startsWith("0A000001");
        UniqueMessageId id = UniqueMessageId.parse(next);
        assertThat(id.clientAddress()).isEqualTo(CLIENT);
        assertThat(id.processId()).isEqualTo((short) ProcessHandle.current().pid());
        assertThat(id.classLoaderHash())
                .isEqualTo(System.identityHashCode(UniqueIdGenerator.class.getClassLoader()));
        assertThat(id.millisOfMonth())
                .isEqualTo((int) Duration.between(at(2024, 5, 1, 0, 0, 0, 0), now).toMillis());
    }

    @Test
    void generatorMakes56CharacterIdsForAnIpv6Client() {
        InetAddress v6 = address(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9);
        String next = new UniqueIdGenerator(v6, Clock.systemUTC()).next();

        assertThat(next).hasSize(56);
        assertThat(UniqueMessageId.parse(next).clientAddress()).isEqualTo(v6);
    }

    @Test
    void successiveIdsFromAFixedClockAreDistinctAndCountUpByOne() {
        UniqueIdGenerator generator = new UniqueIdGenerator(CLIENT, Clock.fixed(at(2024, 5, 17, 0, 0, 0, 0), ZONE));
        Set<String> ids = new HashSet<>();
        short previous = UniqueMessageId.parse(generator.next()).counter();

        for (int i = 0; i < 65_535; i++) {
            String next = generator.next();
            assertThat(ids.add(next)).as("id #%d %s is new", i, next).isTrue();
            short counter = UniqueMessageId.parse(next).counter();
            assertThat(counter).isEqualTo((short) (previous + 1));
            previous = counter;
        }
        assertThat(ids).hasSize(65_535);
    }

    @Test
    void tenThousandIdsFromTheSystemClockAreAllUnique() {
        UniqueIdGenerator generator = new UniqueIdGenerator(CLIENT, Clock.systemDefaultZone());
        Set<String> ids = new HashSet<>();

        for (int i = 0; i < 10_000; i++) {
            ids.add(generator.next());
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void idsMadeConcurrentlyAreAllUnique() throws InterruptedException {
        UniqueIdGenerator generator = new UniqueIdGenerator(CLIENT, Clock.fixed(at(2024, 5, 17, 0, 0, 0, 0), ZONE));
        Set<String> ids = ConcurrentHashMap.newKeySet();
        int threads = 4;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        ids.add(generator.next());
                    }
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(ids).hasSize(threads * perThread);
    }

    @Test
    void approximateTimeIsTheClockTimeTheIdWasMadeAt() {
        Instant made = at(2024, 5, 17, 13, 45, 12, 345);
        MovableClock clock = new MovableClock(made);
        UniqueIdGenerator generator = new UniqueIdGenerator(CLIENT, clock);

        UniqueMessageId id = UniqueMessageId.parse(generator.next());

        assertThat(id.approximateTime(made, ZONE)).isEqualTo(made);
        assertThat(id.approximateTime(made.plusMillis(3), ZONE)).isEqualTo(made);
        assertThat(id.approximateTime(made.plus(Duration.ofDays(10)), ZONE)).isEqualTo(made);
    }

    @Test
    void approximateTimeFollowsAnOffsetClock() {
        Clock base = Clock.fixed(at(2023, 11, 3, 8, 0, 0, 0), ZONE);
        Clock offset = Clock.offset(base, Duration.ofHours(5).plusMillis(7));
        UniqueIdGenerator generator = new UniqueIdGenerator(CLIENT, offset);

        UniqueMessageId id = UniqueMessageId.parse(generator.next());

        Instant approximate = id.approximateTime(offset.instant().plusMillis(2), ZONE);
        assertThat(Duration.between(approximate, offset.instant()).abs()).isLessThanOrEqualTo(Duration.ofMillis(5));
        assertThat(approximate).isEqualTo(base.instant().plus(Duration.ofHours(5).plusMillis(7)));
    }

    @Test
    void approximateTimeJustAfterAMonthBoundary() {
        Instant made = at(2024, 3, 1, 0, 0, 0, 5);
        UniqueIdGenerator generator = new UniqueIdGenerator(CLIENT, Clock.fixed(made, ZONE));

        UniqueMessageId id = UniqueMessageId.parse(generator.next());

        assertThat(id.millisOfMonth()).isEqualTo(5);
        assertThat(id.approximateTime(made, ZONE)).isEqualTo(made);
        assertThat(id.approximateTime(made.plusMillis(4), ZONE)).isEqualTo(made);
    }

    @Test
    void approximateTimeOfAnIdMadeJustBeforeAMonthBoundaryAndReadJustAfterIt() {
        Instant made = at(2024, 2, 29, 23, 59, 59, 993); // leap-year February
        UniqueIdGenerator generator = new UniqueIdGenerator(CLIENT, Clock.fixed(made, ZONE));

        UniqueMessageId id = UniqueMessageId.parse(generator.next());

        assertThat(id.approximateTime(made.plusMillis(10), ZONE)).isEqualTo(made); // read on March 1st
    }

    @Test
    void approximateTimeLateInA31DayMonthWhenMillisOfMonthOverflowsAnInt() {
        Instant made = at(2024, 1, 31, 23, 0, 0, 0); // 30 d 23 h = 2,674,800,000 ms > Integer.MAX_VALUE
        UniqueIdGenerator generator = new UniqueIdGenerator(CLIENT, Clock.fixed(made, ZONE));

        UniqueMessageId id = UniqueMessageId.parse(generator.next());

        assertThat(id.millisOfMonth()).isNegative();
        assertThat(Integer.toUnsignedLong(id.millisOfMonth()))
                .isEqualTo(Duration.between(at(2024, 1, 1, 0, 0, 0, 0), made).toMillis());
        assertThat(id.approximateTime(made.plusMillis(1), ZONE)).isEqualTo(made);
        assertThat(id.approximateTime(at(2024, 2, 1, 0, 0, 0, 1), ZONE)).isEqualTo(made);
    }

    @Test
    void generatorRestartsTheMonthWhenItsClockCrossesABoundary() {
        Instant beforeBoundary = at(2024, 4, 30, 23, 59, 59, 999);
        MovableClock clock = new MovableClock(beforeBoundary);
        UniqueIdGenerator generator = new UniqueIdGenerator(CLIENT, clock);
        UniqueMessageId last = UniqueMessageId.parse(generator.next());

        Instant afterBoundary = at(2024, 5, 1, 0, 0, 0, 2);
        clock.set(afterBoundary);
        UniqueMessageId first = UniqueMessageId.parse(generator.next());

        assertThat(last.millisOfMonth())
                .isEqualTo((int) Duration.between(at(2024, 4, 1, 0, 0, 0, 0), beforeBoundary).toMillis());
        assertThat(first.millisOfMonth()).isEqualTo(2);
        assertThat(first.approximateTime(afterBoundary, ZONE)).isEqualTo(afterBoundary);
        assertThat(last.approximateTime(afterBoundary, ZONE)).isEqualTo(beforeBoundary);
    }

    @Test
    void generatorRestartsTheMonthWhenItsClockGoesBackIntoAnEarlierMonth() {
        MovableClock clock = new MovableClock(at(2024, 6, 2, 0, 0, 0, 0));
        UniqueIdGenerator generator = new UniqueIdGenerator(CLIENT, clock);
        generator.next();

        Instant earlier = at(2024, 5, 31, 12, 0, 0, 0);
        clock.set(earlier);
        UniqueMessageId id = UniqueMessageId.parse(generator.next());

        assertThat(id.millisOfMonth()).isEqualTo((int) Duration.between(at(2024, 5, 1, 0, 0, 0, 0), earlier).toMillis());
        assertThat(id.approximateTime(earlier, ZONE)).isEqualTo(earlier);
    }

    @Test
    void approximateTimeUsesTheMonthOfTheGivenZone() {
        // 2024-03-01T00:00:05Z is still February 29th in UTC-5.
        Instant made = Instant.parse("2024-03-01T00:00:05Z");
        ZoneId utc = ZoneOffset.UTC;
        ZoneId newYork = ZoneOffset.ofHours(-5);
        UniqueMessageId inUtc = new UniqueMessageId(CLIENT, (short) 1, 1, 5_000, (short) 1);
        long millisOfFebruaryInNewYork = Duration.between(
                Instant.parse("2024-02-01T05:00:00Z"), made).toMillis();
        UniqueMessageId inNewYork = new UniqueMessageId(CLIENT, (short) 1, 1, (int) millisOfFebruaryInNewYork,
                (short) 1);

        assertThat(inUtc.approximateTime(made.plusMillis(3), utc)).isEqualTo(made);
        assertThat(inNewYork.approximateTime(made.plusMillis(3), newYork)).isEqualTo(made);
    }
}
