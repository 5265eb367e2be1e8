package io.msgframe.broker.transaction;

import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;

import java.util.Map;

/**
 * Parks a transactional half message (reference §6.4): the draft is re-targeted to
 * {@code RMQ_SYS_TRANS_HALF_TOPIC} queue 0 with {@code REAL_TOPIC} / {@code REAL_QID} naming where a commit puts
 * it, and its transaction type cleared to NOT so the dispatcher indexes it in the half topic's consume queue
 * (a PREPARED record would reach no queue, and the check-back scan reads that queue). Consumers of the real
 * topic never see it.
 */
public final class HalfMessages {
    /** The half topic has one queue. */
    public static final int HALF_QUEUE_ID = 0;

    private HalfMessages() {
    }

    /** Rewrites {@code draft} in place into its half record and returns it. */
    public static MessageDraft park(MessageDraft draft) {
        Map<String, String> properties = MessageProperties.decode(draft.properties());
        properties.put(PropertyKeys.REAL_TOPIC, draft.topic());
        properties.put(PropertyKeys.REAL_QUEUE_ID, Integer.toString(draft.queueId()));
        String uniqKey = properties.get(PropertyKeys.UNIQ_KEY);
        if (uniqKey != null) {
            properties.put(PropertyKeys.TRANSACTION_ID, uniqKey);
        }
        return draft.topic(TopicNames.TRANS_HALF_TOPIC).queueId(HALF_QUEUE_ID)
                .sysFlag(SysFlag.withTransactionType(draft.sysFlag(), SysFlag.TRANSACTION_NOT_TYPE))
                .properties(MessageProperties.encode(properties));
    }
}
