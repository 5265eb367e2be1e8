package io.msgframe.cli;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.OffsetMessageId;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.RecordValidator;
import io.msgframe.protocol.message.SysFlag;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One message read from a broker (pull, view or query response), copied out of its stored record (reference §4.1)
 * so it outlives the response. A zlib-compressed body (what Java producers send for bodies of 4 KiB and more) is
 * inflated; LZ4 and ZSTD bodies are kept as stored and {@link #bodyNote} says so.
 */
record ReceivedMessage(String topic, int queueId, long queueOffset, long commitLogOffset, String offsetMsgId,
                       int sysFlag, int flag, long bornTimestamp, String bornHost, long storeTimestamp,
                       String storeHost, int reconsumeTimes, int bodyCrc, Map<String, String> properties,
                       byte[] body, String bodyNote) {

    /** The application's message id: UNIQ_KEY, else the offset message id (what {@code getMsgId()} returns). */
    String msgId() {
        String unique = properties.get(PropertyKeys.UNIQ_KEY);
        return unique != null ? unique : offsetMsgId;
    }

    String tags() {
        return properties.get(PropertyKeys.TAGS);
    }

    /** The KEYS words (space separated when stored), empty when none. */
    List<String> keys() {
        String keys = properties.get(PropertyKeys.KEYS);
        if (keys == null || keys.isBlank()) {
            return List.of();
        }
        return List.of(keys.trim().split(" +"));
    }

    /**
     * Every record of a response body (records concatenated, as pull, view and query answer).
     *
     * @param source who sent the body, for the error message
     * @throws CliException naming the source and the byte position when a record is torn or corrupt (a Java
     *                      client silently drops the rest of the batch; a command line should say so)
     */
    static List<ReceivedMessage> decodeAll(byte[] body, String source) {
        List<ReceivedMessage> messages = new ArrayList<>();
        if (body == null) {
            return messages;
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        RecordValidator validator = new RecordValidator();
        MessageRecord record = new MessageRecord();
        int position = 0;
        while (position < body.length) {
            if (validator.validate(buffer, position, body.length, -1, true) != RecordValidator.Verdict.RECORD) {
                throw CliException.failed("malformed message record from " + source + " at byte " + position
                        + " of " + body.length + ": " + (validator.reason() == null ? "not a record"
                        : validator.reason()));
            }
            messages.add(copyOf(record.wrap(buffer, position)));
            position += validator.size();
        }
        return messages;
    }

    private static ReceivedMessage copyOf(MessageRecord record) {
        int sysFlag = record.sysFlag();
        byte[] body = record.bodyBytes();
        String note = null;
        if ((sysFlag & SysFlag.COMPRESSED) != 0) {
            int type = sysFlag & SysFlag.COMPRESSION_TYPE_MASK;
            if (type == 0 || type == SysFlag.COMPRESSION_ZLIB) {
                byte[] inflated = inflate(body);
                note = inflated == null ? "zlib-compressed but does not inflate; shown as stored" : null;
                body = inflated == null ? body : inflated;
            } else {
                note = (type == SysFlag.COMPRESSION_LZ4 ? "LZ4" : "ZSTD") + "-compressed; shown as stored";
            }
        }
        return new ReceivedMessage(record.topic(), record.queueId(), record.queueOffset(), record.physicalOffset(),
                OffsetMessageId.encode(record), sysFlag, record.flag(), record.bornTimestamp(),
                address(record.bornHost()), record.storeTimestamp(), address(record.storeHost()),
                record.reconsumeTimes(), record.bodyCrc(), record.properties(), body, note);
    }

    private static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    static String address(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
