package io.msgframe.broker.schedule;

import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.remoting.ProtocolException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleRoutingTest {
    private static final long NOW = 1_700_000_000_000L;
    private final ScheduleRouting routing = new ScheduleRouting(DelayLevels.parse("1s 2s 3s"), 60_000,
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private static MessageDraft draft(String... nameValues) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            p.put(nameValues[i], nameValues[i + 1]);
        }
        return new MessageDraft().topic("orders").queueId(3).properties(MessageProperties.encode(p));
    }

    @Test
    void parksADelayLevelInItsScheduleQueueAndClampsAboveTheLast() {
        MessageDraft routed = routing.route(draft(PropertyKeys.DELAY_TIME_LEVEL, "7"));
        assertThat(routed.topic()).isEqualTo(TopicNames.SCHEDULE_TOPIC);
        assertThat(routed.queueId()).isEqualTo(2);
        Map<String, String> p = MessageProperties.decode(routed.properties());
        assertThat(p).containsEntry(PropertyKeys.REAL_TOPIC, "orders").containsEntry(PropertyKeys.REAL_QUEUE_ID, "3")
                .containsEntry(PropertyKeys.DELAY_TIME_LEVEL, "3");
    }

    @Test
    void parksATimerWithItsAbsoluteDeliveryTime() {
        MessageDraft routed = routing.route(draft(PropertyKeys.TIMER_DELAY_SEC, "5"));
        assertThat(routed.topic()).isEqualTo(TopicNames.TIMER_TOPIC);
        assertThat(MessageProperties.decode(routed.properties()))
                .containsEntry(PropertyKeys.TIMER_OUT_MS, Long.toString(NOW + 5_000));
    }

    @Test
    void refusesATimerBeyondTheMaximumDelayNamingTheLimit() {
        assertThatThrownBy(() -> routing.route(draft(PropertyKeys.TIMER_DELAY_MS, "60001")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("timerMaxDelaySec=60");
    }

    @Test
    void leavesAMessageWithoutDelayUnchanged() {
        assertThat(routing.route(draft("a", "b")).topic()).isEqualTo("orders");
    }
}
