package io.msgframe.broker.send;

import io.msgframe.broker.transaction.HalfMessages;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where delayed and transactional (half) messages leave the normal write path: the hand-off point of the delay
 * service ({@code SCHEDULE_TOPIC_XXXX}, reference §6.2) and the transaction service
 * ({@code RMQ_SYS_TRANS_HALF_TOPIC}, §6.4), which do not exist yet.
 *
 * <p>A half message is parked in the half topic by {@link HalfMessages#park}. Until the delay service exists, a
 * delayed message is stored as a normal message in the requested topic and queue, delivered at once: its
 * {@code DELAY} level keeps its property but is not honoured (logged once per broker).
 */
final class SpecialMessageRouting {
    private static final Logger log = LoggerFactory.getLogger(SpecialMessageRouting.class);

    private final AtomicBoolean delayLogged = new AtomicBoolean();

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

    /**
     * Rewrites a single message before it is appended. Hand-off point: the delay service will re-target delayed
     * messages to {@code SCHEDULE_TOPIC_XXXX} queue {@code level - 1} (with {@code REAL_TOPIC}/{@code REAL_QID}),
     * the transaction service half messages to the half topic; the send response then reports the requested
     * queue id and the parking queue's offset, as it already does.
     */
    MessageDraft route(MessageDraft draft) {
        if (isHalfMessage(draft.properties(), draft.sysFlag())) {
            return HalfMessages.park(draft);
        } else if (isDelayed(draft.properties())) {
            if (delayLogged.compareAndSet(false, true)) {
                log.warn("Delayed delivery (DELAY level) is not supported yet: storing delayed messages as normal "
                        + "messages, delivered at once (first: topic {})", draft.topic());
            }
        }
        return draft;
    }
}
