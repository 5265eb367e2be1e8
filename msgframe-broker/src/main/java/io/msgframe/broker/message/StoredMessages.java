package io.msgframe.broker.message;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Drafts made from stored records: the one place where a parked message (delayed, timed, half, sent back) becomes
 * a new record. The body is copied out of the mapped file, so the draft stays valid after the record's slice is
 * closed. The store assigns the new record's queue offset, physical offset and store time.
 */
public final class StoredMessages {

    private StoredMessages() {
    }

    /**
     * A draft with every field of {@code record} a producer chose: topic, queue, body, flag, properties, sysFlag
     * (without the host bits, which the encoder sets), born time and host, store host, reconsume times, prepared
     * transaction offset.
     */
    public static MessageDraft draftOf(MessageRecord record) {
        byte[] body = record.bodyBytes();
        return new MessageDraft()
                .topic(record.topic())
                .queueId(record.queueId())
                .flag(record.flag())
                .sysFlag(record.sysFlag() & ~(SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6))
                .bornTimestamp(record.bornTimestamp())
                .bornHost(record.bornHost())
                .storeHost(record.storeHost())
                .reconsumeTimes(record.reconsumeTimes())
                .preparedTransactionOffset(record.preparedTransactionOffset())
                .body(ByteBuffer.wrap(body))
                .properties(record.propertiesString());
    }

    /**
     * A parked record moved back to where its producer sent it: topic {@code REAL_TOPIC}, queue {@code REAL_QID},
     * both properties and every name in {@code dropProperties} removed.
     *
     * @throws IllegalArgumentException when the record has no {@code REAL_TOPIC} or no numeric {@code REAL_QID}
     */
    public static MessageDraft toRealTopic(MessageRecord record, String... dropProperties) {
        MessageDraft draft = draftOf(record);
        Map<String, String> properties = MessageProperties.decode(draft.properties());
        String realTopic = properties.remove(PropertyKeys.REAL_TOPIC);
        String realQueue = properties.remove(PropertyKeys.REAL_QUEUE_ID);
        if (realTopic == null || realTopic.isEmpty() || realQueue == null) {
            throw new IllegalArgumentException("record at commit-log offset " + record.physicalOffset()
                    + " in " + record.topic() + " has no REAL_TOPIC / REAL_QID");
        }
        int queueId;
        try {
            queueId = Integer.parseInt(realQueue.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("record at commit-log offset " + record.physicalOffset()
                    + " has a REAL_QID that is not a number: " + realQueue, e);
        }
        for (String name : dropProperties) {
            properties.remove(name);
        }
        return draft.topic(realTopic).queueId(queueId).properties(MessageProperties.encode(properties));
    }
}
