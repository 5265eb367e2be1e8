package io.msgframe.broker.idempotent;

import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotentAppenderTest {
    private static final long PID = 42L;
    private final MutableClock clock = new MutableClock();
    private final ProducerStateTable table = new ProducerStateTable(clock, 60_000, 100);
    private final IdempotentAppender appender = new IdempotentAppender(table);
    private final AtomicInteger appends = new AtomicInteger();

    /** A store stand-in that places each record at the next queue offset (the real placement is the store's job). */
    private Function<Consumer<AppendResult>, CompletableFuture<AppendResult>> store(AppendStatus status) {
        return placed -> {
            AppendResult result = status == AppendStatus.PUT_OK
                    ? new AppendResult(status, 1000L * appends.get(), 100, appends.get(), 7, 1,
                    new long[]{1000L * appends.getAndIncrement()}, null)
                    : AppendResult.failed(status, "refused");
            placed.accept(result);
            return CompletableFuture.completedFuture(result);
        };
    }

    private IdempotentAppender.Outcome send(int epoch, int seq) {
        return appender.append(new ProducerSequence(PID, epoch, seq, 1), "T", 0, store(AppendStatus.PUT_OK));
    }

    @Test
    void duplicateOfRecentSequenceReturnsOriginalResultWithoutAppending() {
        send(0, 0);
        send(0, 1);
        IdempotentAppender.Outcome dup = send(0, 0);
        assertThat(dup.isDuplicate()).isTrue();
        assertThat(dup.duplicate().queueOffset()).isEqualTo(0);
        assertThat(dup.duplicate().physicalOffsets()).containsExactly(0L);
        assertThat(appends.get()).isEqualTo(2);
    }

    @Test
    void gapIsRefusedNamingExpectedAndReceived() {
        send(0, 0);
        assertThatThrownBy(() -> send(0, 2)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("expected sequence 1, received 2")
                .satisfies(e -> assertThat(((ProtocolException) e).responseCode())
                        .isEqualTo(ResponseCode.OUT_OF_ORDER_SEQUENCE));
        assertThat(appends.get()).isEqualTo(1);
    }

    @Test
    void newProducerMustStartAtZero() {
        assertThatThrownBy(() -> send(0, 3)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("expected sequence 0, received 3");
    }

    @Test
    void sequenceOlderThanWindowIsRefused() {
        for (int i = 0; i < 7; i++) {
            send(0, i);
        }
        assertThatThrownBy(() -> send(0, 0)).isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).responseCode())
                        .isEqualTo(ResponseCode.SEQUENCE_TOO_OLD));
    }

    @Test
    void olderEpochIsFencedAndNewerEpochRestartsAtZero() {
        send(0, 0);
        send(1, 0);
        assertThatThrownBy(() -> send(0, 1)).isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).responseCode())
                        .isEqualTo(ResponseCode.PRODUCER_FENCED));
        assertThat(send(1, 1).isDuplicate()).isFalse();
    }

    @Test
    void failedAppendDoesNotAdvanceTheSequence() {
        send(0, 0);
        appender.append(new ProducerSequence(PID, 0, 1, 1), "T", 0, store(AppendStatus.DISK_FULL));
        assertThat(send(0, 1).isDuplicate()).isFalse();
        assertThat(appends.get()).isEqualTo(2);
    }

    @Test
    void idleStateExpiresWithInjectedClock() {
        send(0, 0);
        clock.advance(59_999);
        assertThat(table.expire()).isZero();
        clock.advance(1);
        assertThat(table.expire()).isEqualTo(1);
        assertThatThrownBy(() -> send(0, 1)).hasMessageContaining("expected sequence 0");
    }

    @Test
    void capDropsTheIdlestState() {
        ProducerStateTable small = new ProducerStateTable(clock, 60_000, 2);
        IdempotentAppender a = new IdempotentAppender(small);
        for (int q = 0; q < 3; q++) {
            clock.advance(10);
            a.append(new ProducerSequence(PID, 0, 0, 1), "T", q, store(AppendStatus.PUT_OK));
        }
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.find(new SequenceKey(PID, "T", 0))).isNull();
    }

    @Test
    void snapshotEntriesRestoreTheSameDecisions() {
        send(0, 0);
        send(0, 1);
        ProducerStateTable restored = new ProducerStateTable(clock, 60_000, 100);
        restored.restore(table.entries());
        IdempotentAppender.Outcome dup = new IdempotentAppender(restored).append(
                new ProducerSequence(PID, 0, 1, 1), "T", 0, store(AppendStatus.PUT_OK));
        assertThat(dup.isDuplicate()).isTrue();
        assertThat(dup.duplicate().queueOffset()).isEqualTo(1);
    }

    private static final class MutableClock extends Clock {
        private long now = 1_000_000;

        void advance(long ms) {
            now += ms;
        }

        @Override
        public long millis() {
            return now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
