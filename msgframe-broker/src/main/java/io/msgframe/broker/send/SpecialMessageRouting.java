package io.msgframe.broker.send;

import io.msgframe.broker.schedule.ScheduleRouting;
import io.msgframe.broker.transaction.HalfMessages;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;


/**
 * Where delayed and transactional (half) messages leave the normal write path before they are appended: half
 * messages to {@code RMQ_SYS_TRANS_HALF_TOPIC} ({@link HalfMessages}, reference §6.4), delayed ones to
 * {@code SCHEDULE_TOPIC_XXXX} ({@link ScheduleRouting}, §6.2), from where the delay-level service delivers them.
 */
final class SpecialMessageRouting {
    private final ScheduleRouting schedule;

    SpecialMessageRouting(ScheduleRouting schedule) {
        this.schedule = schedule;
    }

    /** True for a message asking for level-based delayed delivery ({@code DELAY} > 0). */
    static boolean isDelayed(String properties) {
        String level = MessageProperties.find(properties, PropertyKeys.DELAY_TIME_LEVEL);
        if (level == null) {
            return false;
        }
        try {
            return Integer.parseInt(level.trim()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** True for a transactional half message: property {@code TRAN_MSG=true} or the PREPARED sysFlag type. */
    static boolean isHalfMessage(String properties, int sysFlag) {
        return Boolean.parseBoolean(MessageProperties.find(properties, PropertyKeys.TRANSACTION_PREPARED))
                || SysFlag.transactionType(sysFlag) == SysFlag.TRANSACTION_PREPARED_TYPE;
    }

    /** True for a message asking for a RocketMQ 5 delivery time ({@code TIMER_*}) and no delay level. */
    static boolean isTimed(String properties) {
        return !isDelayed(properties) && (MessageProperties.find(properties, PropertyKeys.TIMER_DELIVER_MS) != null
                || MessageProperties.find(properties, PropertyKeys.TIMER_DELAY_SEC) != null
                || MessageProperties.find(properties, PropertyKeys.TIMER_DELAY_MS) != null);
    }

    /**
     * Rewrites a single message before it is appended: a half message is parked in the half topic, a delayed one
     * in its level's queue of {@code SCHEDULE_TOPIC_XXXX}; the send response then reports the requested queue id
     * and the parking queue's offset. A message with a delivery time is refused: there is no timing wheel yet,
     * and delivering it at once would break the promise "never before it is due".
     *
     * @throws ProtocolException SYSTEM_ERROR for a timed message (as a RocketMQ 5 broker with its timer disabled)
     */
    MessageDraft route(MessageDraft draft) {
        if (isHalfMessage(draft.properties(), draft.sysFlag())) {
            return HalfMessages.park(draft);
        }
        if (isDelayed(draft.properties())) {
            return schedule.route(draft);
        }
        if (isTimed(draft.properties())) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "delivery at a given time (TIMER_DELIVER_MS, "
                    + "TIMER_DELAY_SEC, TIMER_DELAY_MS) is not supported by this broker yet; use a DELAY level");
        }
        return draft;
    }
}
