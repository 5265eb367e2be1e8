package io.msgframe.broker.schedule;

import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;

import java.time.Clock;
import java.util.Map;

/**
 * Parks delayed messages before they are appended (reference §6.2): a {@code DELAY} level in
 * {@code SCHEDULE_TOPIC_XXXX} queue {@code level - 1}, a 5.x timer ({@code TIMER_DELIVER_MS}, {@code TIMER_DELAY_SEC},
 * {@code TIMER_DELAY_MS}; ignored when {@code DELAY} is set) in {@code rmq_sys_wheel_timer} queue 0 with
 * {@code TIMER_OUT_MS}. Both keep the original topic and queue in {@code REAL_TOPIC}/{@code REAL_QID}. Only
 * messages of transaction type NOT or COMMIT are parked; anything else is returned unchanged.
 */
public final class ScheduleRouting {
    public static final int TIMER_QUEUE_ID = 0;

    private final DelayLevels levels;
    private final long timerMaxDelayMs;
    private final Clock clock;

    public ScheduleRouting(DelayLevels levels, long timerMaxDelayMs, Clock clock) {
        this.levels = levels;
        this.timerMaxDelayMs = timerMaxDelayMs;
        this.clock = clock;
    }

    /**
     * The draft re-targeted to its parking queue when it asks for a delay, else unchanged.
     *
     * @throws ProtocolException MESSAGE_ILLEGAL for a timer property that is not a number or lies beyond
     *                           {@code timerMaxDelaySec}
     */
    public MessageDraft route(MessageDraft draft) {
        int type = SysFlag.transactionType(draft.sysFlag());
        if (type != SysFlag.TRANSACTION_NOT_TYPE && type != SysFlag.TRANSACTION_COMMIT_TYPE) {
            return draft;
        }
        String props = draft.properties();
        int level = delayLevel(props);
        if (level > 0) {
            int clamped = levels.clamp(level);
            Map<String, String> properties = parked(draft);
            properties.put(PropertyKeys.DELAY_TIME_LEVEL, Integer.toString(clamped));
            return draft.topic(TopicNames.SCHEDULE_TOPIC).queueId(clamped - 1)
                    .properties(MessageProperties.encode(properties));
        }
        long deliverMs = timerDeliverMs(props);
        if (deliverMs < 0) {
            return draft;
        }
        Map<String, String> properties = parked(draft);
        properties.put(PropertyKeys.TIMER_OUT_MS, Long.toString(deliverMs));
        return draft.topic(TopicNames.TIMER_TOPIC).queueId(TIMER_QUEUE_ID)
                .properties(MessageProperties.encode(properties));
    }

    private static Map<String, String> parked(MessageDraft draft) {
        Map<String, String> properties = MessageProperties.decode(draft.properties());
        properties.put(PropertyKeys.REAL_TOPIC, draft.topic());
        properties.put(PropertyKeys.REAL_QUEUE_ID, Integer.toString(draft.queueId()));
        return properties;
    }

    /** The DELAY level, 0 when absent, not a number or not positive (RocketMQ ignores such values too). */
    static int delayLevel(String properties) {
        String level = MessageProperties.find(properties, PropertyKeys.DELAY_TIME_LEVEL);
        if (level == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(level.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The absolute delivery time the timer properties ask for, or -1 when there are none. */
    private long timerDeliverMs(String properties) {
        long now = clock.millis();
        long deliverMs;
        String absolute = MessageProperties.find(properties, PropertyKeys.TIMER_DELIVER_MS);
        String seconds = MessageProperties.find(properties, PropertyKeys.TIMER_DELAY_SEC);
        String millis = MessageProperties.find(properties, PropertyKeys.TIMER_DELAY_MS);
        if (absolute != null) {
            deliverMs = number(PropertyKeys.TIMER_DELIVER_MS, absolute);
        } else if (seconds != null) {
            deliverMs = now + number(PropertyKeys.TIMER_DELAY_SEC, seconds) * 1000L;
        } else if (millis != null) {
            deliverMs = now + number(PropertyKeys.TIMER_DELAY_MS, millis);
        } else {
            return -1;
        }
        if (deliverMs - now > timerMaxDelayMs) {
            throw new ProtocolException(ResponseCode.MESSAGE_ILLEGAL, "timer delivery time " + deliverMs + " is "
                    + (deliverMs - now) + " ms ahead, beyond timerMaxDelaySec=" + timerMaxDelayMs / 1000);
        }
        return Math.max(deliverMs, 0);
    }

    private long number(String name, String value) {
        try {
            long v = Long.parseLong(value.trim());
            // bounded so that now + v (or v * 1000) cannot overflow; anything this far is refused anyway
            if (Math.abs(v) > Long.MAX_VALUE / 4_000) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ProtocolException(ResponseCode.MESSAGE_ILLEGAL, "property " + name + " = '" + value
                    + "' is not a number of " + (name.endsWith("SEC") ? "seconds" : "milliseconds") + " in range");
        }
    }
}
