package io.msgframe.client.consumer;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RecentKeysTest {

    @Test
    void lastNEvictsTheLeastRecentlySeen() {
        RecentKeys keys = RecentKeys.lastN(2);
        assertThat(keys.add("a")).isTrue();
        assertThat(keys.add("b")).isTrue();
        assertThat(keys.add("a")).isFalse(); // a is now the most recent
        assertThat(keys.add("c")).isTrue();  // evicts b
        assertThat(keys.contains("b")).isFalse();
        assertThat(keys.contains("a")).isTrue();
        assertThat(keys.size()).isEqualTo(2);
    }

    @Test
    void withinForgetsKeysAfterTheirTimeToLive() {
        AtomicLong now = new AtomicLong(1_000);
        Clock clock = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        RecentKeys keys = RecentKeys.within(Duration.ofSeconds(10), 100, clock);
        assertThat(keys.add("a")).isTrue();
        now.addAndGet(9_000);
        assertThat(keys.add("a")).isFalse();
        now.addAndGet(10_000);
        assertThat(keys.add("a")).isTrue();
    }
}
