package io.msgframe.client.consumer;

import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.message.PropertyKeys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A message as a consumer receives it, decoded from a stored record (reference §4.1, §4.4) by
 * {@link MessageDecoder}: where it is (queue, queue offset, commit-log offset), its ids, tag, keys, every property,
 * the body already decompressed, and the record's times and reconsume count.
 *
 * @param queue           the queue it was pulled from (topic, broker name, queue id)
 * @param queueOffset     its offset in that queue; a consumer commits {@code queueOffset + 1}
 * @param commitLogOffset where the record starts in the broker's commit log
 * @param msgId           the producer's {@code UNIQ_KEY}, or the offset id when the record has none
 * @param offsetMsgId     the broker-made id: store host and commit-log offset (reference §4.5)
 * @param tags            the tag, or null
 * @param keys            the business keys (property {@code KEYS} split on spaces)
 * @param properties      every property of the record, reserved ones included
 * @param body            the body as the producer gave it (decompressed when the record's SYSFLAG says so)
 * @param sysFlag         the record's SYSFLAG as stored
 * @param flag            the user flag
 */
public record ReceivedMessage(MessageQueue queue, long queueOffset, long commitLogOffset, String msgId,
                              String offsetMsgId, String tags, List<String> keys, Map<String, String> properties,
                              byte[] body, int sysFlag, int flag, long bornTimestamp, long storeTimestamp,
                              int reconsumeTimes, int storeSize) {

    public ReceivedMessage {
        keys = List.copyOf(keys);
        properties = Map.copyOf(properties);
    }

    public String topic() {
        return queue.topic();
    }

    /** One property (reserved or user), or null. */
    public String property(String name) {
        return properties.get(name);
    }

    /** The {@code UNIQ_KEY} the producer set, or null. */
    public String uniqKey() {
        return properties.get(PropertyKeys.UNIQ_KEY);
    }

    /** The body as UTF-8 text. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedMessage other && queue.equals(other.queue) && queueOffset == other.queueOffset
                && commitLogOffset == other.commitLogOffset && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return queue.hashCode() * 31 + Long.hashCode(queueOffset);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + queue.topic() + " " + queue.brokerName() + ":" + queue.queueId() + " offset="
                + queueOffset + " msgId=" + msgId + " tags=" + tags + " keys=" + keys + " body=" + body.length
                + " bytes]";
    }
}
