package io.msgframe.client.consumer;

import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.OffsetMessageId;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a PULL_MESSAGE body — stored records concatenated (reference §2.7.1, §4.1) — into
 * {@link ReceivedMessage}s, as the Java client does: a record that does not fit ends the batch (logged); a
 * subscription with tags drops records whose {@code TAGS} is not one of them (the broker filters by hash code
 * only); a body compressed with zlib (SYSFLAG COMPRESSED with type 0 or ZLIB) is inflated.
 */
public final class MessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(MessageDecoder.class);

    private MessageDecoder() {
    }

    /** Every record of {@code body} that matches {@code subscription} (null: all). */
    public static List<ReceivedMessage> decode(ByteBuffer body, MessageQueue queue, SubscriptionData subscription) {
        List<ReceivedMessage> out = new ArrayList<>();
        MessageRecord record = new MessageRecord();
        int position = body.position();
        while (body.limit() - position >= 4) {
            int size = body.getInt(position);
            if (size < MessageRecord.MIN_RECORD_SIZE || size > body.limit() - position) {
                log.warn("Pull body from {} has a malformed record at byte {} (size {}); {} records kept", queue,
                        position, size, out.size());
                break;
            }
            record.wrap(body, position);
            ReceivedMessage message = toMessage(record, queue);
            if (matches(subscription, message.tags())) {
                out.add(message);
            }
            position += size;
        }
        return out;
    }

    static boolean matches(SubscriptionData subscription, String tags) {
        return subscription == null || subscription.subscribesAll() || subscription.tagsSet().isEmpty()
                || (tags != null && subscription.tagsSet().contains(tags));
    }

    static ReceivedMessage toMessage(MessageRecord record, MessageQueue queue) {
        Map<String, String> properties = record.properties();
        String offsetId = OffsetMessageId.encode(record);
        String uniq = properties.get(PropertyKeys.UNIQ_KEY);
        String keys = properties.get(PropertyKeys.KEYS);
        List<String> keyList = keys == null || keys.isBlank() ? List.of()
                : Arrays.stream(keys.split(PropertyKeys.KEY_SEPARATOR)).filter(k -> !k.isEmpty()).toList();
        byte[] body = body(record, queue);
        return new ReceivedMessage(queue, record.queueOffset(), record.physicalOffset(),
                uniq != null ? uniq : offsetId, offsetId, properties.get(PropertyKeys.TAGS), keyList, properties,
                body, record.sysFlag(), record.flag(), record.bornTimestamp(), record.storeTimestamp(),
                record.reconsumeTimes(), record.totalSize());
    }

    private static byte[] body(MessageRecord record, MessageQueue queue) {
        byte[] stored = record.bodyBytes();
        int sysFlag = record.sysFlag();
        if ((sysFlag & SysFlag.COMPRESSED) == 0) {
            return stored;
        }
        int type = sysFlag & SysFlag.COMPRESSION_TYPE_MASK;
        if (type != 0 && type != SysFlag.COMPRESSION_ZLIB) {
            log.warn("Message at {} offset {} is compressed with type {} (only zlib is supported); its body is "
                    + "delivered compressed", queue, record.queueOffset(), type >> 8);
            return stored;
        }
        try {
            return inflate(stored);
        } catch (DataFormatException e) {
            log.warn("Message at {} offset {} says zlib but does not inflate ({}); its body is delivered as stored",
                    queue, record.queueOffset(), e.getMessage());
            return stored;
        }
    }

    static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] chunk = new byte[Math.max(1024, Math.min(64 * 1024, compressed.length * 4))];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated zlib stream");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
