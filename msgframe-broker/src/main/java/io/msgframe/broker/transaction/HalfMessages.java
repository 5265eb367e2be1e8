package io.msgframe.broker.transaction;

import io.msgframe.broker.message.StoredMessages;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The records of a transaction (reference §6.4): the half message parked in {@code RMQ_SYS_TRANS_HALF_TOPIC}
 * queue 0, its re-written copies (one per check-back, carrying the check count), the committed message in its real
 * topic, the op record in {@code RMQ_SYS_TRANS_OP_HALF_TOPIC} that marks it finished, and the discarded copy in
 * {@code TRANS_CHECK_MAX_TIME_TOPIC}.
 *
 * <p>A transaction is named by its <em>key</em>: the half-queue offset of its first half record. Copies carry it in
 * {@code TRAN_PREPARED_QUEUE_OFFSET}, op records too (their body is the offset of the record resolved, as in
 * RocketMQ), so every record of one transaction maps to one key however many copies the checks made.
 */
public final class HalfMessages {
    public static final String HALF_TOPIC = TopicNames.TRANS_HALF_TOPIC;
    public static final String OP_TOPIC = TopicNames.TRANS_OP_HALF_TOPIC;
    public static final String DISCARD_TOPIC = TopicNames.TRANS_CHECK_MAX_TIME_TOPIC;
    /** Tag of op records: "delete" the half message. */
    public static final String OP_TAG = "d";

    private HalfMessages() {
    }

    /**
     * A producer's half message re-targeted to the half topic, queue 0: {@code REAL_TOPIC}, {@code REAL_QID} and
     * {@code __transactionId__} (= UNIQ_KEY) added, {@code TRAN_MSG}/{@code PGROUP} kept, the transaction type
     * cleared so that the record enters the half topic's consume queue (a PREPARED record would not).
     */
    public static MessageDraft toHalf(MessageDraft draft) {
        Map<String, String> properties = MessageProperties.decode(draft.properties());
        properties.put(PropertyKeys.REAL_TOPIC, draft.topic());
        properties.put(PropertyKeys.REAL_QUEUE_ID, Integer.toString(draft.queueId()));
        properties.put(PropertyKeys.TRANSACTION_PREPARED, "true");
        String uniqKey = properties.get(PropertyKeys.UNIQ_KEY);
        if (uniqKey != null) {
            properties.put(PropertyKeys.TRANSACTION_ID, uniqKey);
        }
        return draft.topic(HALF_TOPIC).queueId(0)
                .sysFlag(SysFlag.withTransactionType(draft.sysFlag(), SysFlag.TRANSACTION_NOT_TYPE))
                .properties(MessageProperties.encode(properties));
    }

    /** The transaction key of a half record (or copy) stored at half-queue offset {@code record.queueOffset()}. */
    public static long keyOf(MessageRecord record) {
        String first = record.property(PropertyKeys.TRANSACTION_PREPARED_QUEUE_OFFSET);
        if (first != null) {
            try {
                return Long.parseLong(first.trim());
            } catch (NumberFormatException e) {
                // a copy written by another broker software: treat it as a first record
            }
        }
        return record.queueOffset();
    }

    /** How many check-backs this record's transaction has had ({@code TRANSACTION_CHECK_TIMES}, 0 if none). */
    public static int checkTimesOf(MessageRecord record) {
        String times = record.property(PropertyKeys.TRANSACTION_CHECK_TIMES);
        if (times == null) {
            return 0;
        }
        try {
            return Integer.parseInt(times.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The earliest time (ms) a check-back of this record is due: born time + {@code CHECK_IMMUNITY_TIME_IN_SECONDS}
     * when the producer set it, else + {@code timeoutMs}.
     */
    public static long checkDueMs(MessageRecord record, long timeoutMs) {
        String immunity = record.property(PropertyKeys.CHECK_IMMUNITY_TIME_IN_SECONDS);
        long wait = timeoutMs;
        if (immunity != null) {
            try {
                wait = Math.max(0, Long.parseLong(immunity.trim())) * 1000;
            } catch (NumberFormatException e) {
                // not a number: the broker's timeout applies
            }
        }
        return record.bornTimestamp() + wait;
    }

    /** The next copy of a half record for a check-back: same content, check count + 1, the key kept. */
    public static MessageDraft checkCopy(MessageRecord record, long key) {
        MessageDraft draft = StoredMessages.draftOf(record);
        Map<String, String> properties = MessageProperties.decode(draft.properties());
        properties.put(PropertyKeys.TRANSACTION_CHECK_TIMES, Integer.toString(checkTimesOf(record) + 1));
        properties.put(PropertyKeys.TRANSACTION_PREPARED_QUEUE_OFFSET, Long.toString(key));
        return draft.properties(MessageProperties.encode(properties));
    }

    /**
     * The committed message (reference §2.11): real topic and queue, without {@code TRAN_MSG}, the check count and
     * the key; transaction type COMMIT; prepared transaction offset = the half record's commit-log offset.
     */
    public static MessageDraft committed(MessageRecord half) {
        MessageDraft draft = StoredMessages.toRealTopic(half, PropertyKeys.TRANSACTION_PREPARED,
                PropertyKeys.TRANSACTION_CHECK_TIMES, PropertyKeys.TRANSACTION_PREPARED_QUEUE_OFFSET);
        return draft.sysFlag(SysFlag.withTransactionType(draft.sysFlag(), SysFlag.TRANSACTION_COMMIT_TYPE))
                .preparedTransactionOffset(half.physicalOffset());
    }

    /** A half record given up after the last check: kept, with its properties, in the discard topic queue 0. */
    public static MessageDraft discarded(MessageRecord half) {
        return StoredMessages.draftOf(half).topic(DISCARD_TOPIC).queueId(0);
    }

    /** The op record marking the transaction {@code key} finished by resolving the half record {@code half}. */
    public static MessageDraft opRecord(MessageRecord half, long key, InetSocketAddress storeHost, long nowMs) {
        String properties = MessageProperties.encode(Map.of(PropertyKeys.TAGS, OP_TAG,
                PropertyKeys.TRANSACTION_PREPARED_QUEUE_OFFSET, Long.toString(key)));
        return new MessageDraft().topic(OP_TOPIC).queueId(0).flag(0).sysFlag(0).bornTimestamp(nowMs)
                .bornHost(storeHost).storeHost(storeHost).reconsumeTimes(0).preparedTransactionOffset(0)
                .body(Long.toString(half.queueOffset()).getBytes(StandardCharsets.US_ASCII))
                .properties(properties);
    }

    /** The key an op record names: its key property, else (a RocketMQ op record) the offset in its body. */
    public static long keyOfOp(MessageRecord op) {
        String key = op.property(PropertyKeys.TRANSACTION_PREPARED_QUEUE_OFFSET);
        String text = key != null ? key : new String(op.bodyBytes(), StandardCharsets.US_ASCII);
        int comma = text.indexOf(',');
        return Long.parseLong((comma >= 0 ? text.substring(0, comma) : text).trim());
    }

    /** The half-queue offset an op record's body names (the record resolved). */
    public static long resolvedOffsetOfOp(MessageRecord op) {
        String text = new String(op.bodyBytes(), StandardCharsets.US_ASCII);
        int comma = text.indexOf(',');
        return Long.parseLong((comma >= 0 ? text.substring(0, comma) : text).trim());
    }
}
