package io.msgframe.protocol.message;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes a {@link MessageDraft} as a stored record (layout in {@link MessageRecord}). QUEUEOFFSET,
 * PHYSICALOFFSET and STORETIMESTAMP are written as zero for the commit log to patch in place, so the costly
 * part (CRC, copying the body) runs outside the commit log's lock. Reusable, not thread-safe.
 */
public final class MessageRecordEncoder {
    /** Properties are prefixed by an int16 length. */
    public static final int MAX_PROPERTIES_BYTES = Short.MAX_VALUE;
    /** V2 topic lengths are int16. */
    public static final int MAX_TOPIC_BYTES = Short.MAX_VALUE;

    private final CRC32 crc = new CRC32();
    private final HostBytes bornHostBytes = new HostBytes();
    private final HostBytes storeHostBytes = new HostBytes();

    /** The encoded form of the last host seen: a connection's born host and the store host rarely change. */
    private static final class HostBytes {
        private InetSocketAddress host;
        private byte[] bytes;

        byte[] of(InetSocketAddress address) {
            if (bytes == null || address != host) { // bytes == null: nothing cached yet, even for a null host
                bytes = encodeHost(address);
                host = address;
            }
            return bytes;
        }
    }

    private String lastTopic;
    private byte[] lastTopicBytes;

    /** Appenders mostly repeat a topic: comparing is cheaper than encoding it again. */
    private byte[] topicBytes(String topic) {
        if (!topic.equals(lastTopic)) {
            lastTopicBytes = topic.getBytes(StandardCharsets.UTF_8);
            lastTopic = topic;
        }
        return lastTopicBytes;
    }

    /** Address (4 or 16 bytes) then port; a null or unresolved host is 0.0.0.0:port. */
    static byte[] encodeHost(InetSocketAddress host) {
        byte[] address = host == null || host.getAddress() == null ? new byte[4] : host.getAddress().getAddress();
        byte[] bytes = new byte[address.length + 4];
        System.arraycopy(address, 0, bytes, 0, address.length);
        int port = host == null ? 0 : host.getPort();
        bytes[address.length] = (byte) (port >>> 24);
        bytes[address.length + 1] = (byte) (port >>> 16);
        bytes[address.length + 2] = (byte) (port >>> 8);
        bytes[address.length + 3] = (byte) port;
        return bytes;
    }

    /** Size the record of {@code draft} will take. */
    public static int encodedSize(MessageDraft draft) {
        return recordSize(draft, utf8Length(draft.topic()), utf8Length(draft.properties()));
    }

    /**
     * Appends the record of {@code draft} at {@code dst}'s position and advances it.
     *
     * @return the record size
     * @throws MessageFormatException when the topic or properties exceed the format's limits
     * @throws java.nio.BufferOverflowException when {@code dst} has too little room
     */
    public int encode(MessageDraft draft, ByteBuffer dst) {
        byte[] topic = topicBytes(draft.topic());
        byte[] properties = draft.properties().getBytes(StandardCharsets.UTF_8);
        if (topic.length > MAX_TOPIC_BYTES) {
            throw new MessageFormatException(MessageFormatException.Reason.TOPIC_TOO_LONG,
                    "topic of " + topic.length + " bytes exceeds " + MAX_TOPIC_BYTES);
        }
        if (properties.length > MAX_PROPERTIES_BYTES) {
            throw new MessageFormatException(MessageFormatException.Reason.PROPERTIES_TOO_LARGE,
                    "properties of " + properties.length + " bytes exceed " + MAX_PROPERTIES_BYTES);
        }
        ByteBuffer body = draft.body();
        byte[] bornHost = bornHostBytes.of(draft.bornHost());
        byte[] storeHost = storeHostBytes.of(draft.storeHost());
        int topicLengthSize = MagicCode.topicLengthSize(MagicCode.forTopicLength(topic.length));
        int size = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 4 + 8 + 4
                + bornHost.length + storeHost.length + body.remaining() + topicLengthSize + topic.length
                + 2 + properties.length;
        int magic = MagicCode.forTopicLength(topic.length);
        int sysFlag = (draft.sysFlag() & ~(SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6))
                | (bornHost.length == 20 ? SysFlag.BORNHOST_V6 : 0)
                | (storeHost.length == 20 ? SysFlag.STOREHOST_V6 : 0);

        crc.reset();
        crc.update(body.duplicate());

        dst.putInt(size);
        dst.putInt(magic);
        dst.putInt((int) (crc.getValue() & 0x7FFFFFFF));
        dst.putInt(draft.queueId());
        dst.putInt(draft.flag());
        dst.putLong(0L);
        dst.putLong(0L);
        dst.putInt(sysFlag);
        dst.putLong(draft.bornTimestamp());
        dst.put(bornHost);
        dst.putLong(0L);
        dst.put(storeHost);
        dst.putInt(draft.reconsumeTimes());
        dst.putLong(draft.preparedTransactionOffset());
        dst.putInt(body.remaining());
        dst.put(body.duplicate());
        if (magic == MagicCode.V1) {
            dst.put((byte) topic.length);
        } else {
            dst.putShort((short) topic.length);
        }
        dst.put(topic);
        dst.putShort((short) properties.length);
        dst.put(properties);
        return size;
    }

    private static int recordSize(MessageDraft draft, int topicBytes, int propertiesBytes) {
        int hosts = hostLength(draft.bornHost()) + hostLength(draft.storeHost());
        int topicLengthSize = MagicCode.topicLengthSize(MagicCode.forTopicLength(topicBytes));
        return 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 4 + 8 + 4
                + hosts + draft.body().remaining() + topicLengthSize + topicBytes + 2 + propertiesBytes;
    }

    private static int hostLength(InetSocketAddress host) {
        return host != null && host.getAddress() != null && host.getAddress().getAddress().length == 16 ? 20 : 8;
    }

    static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length++; // unpaired: String.getBytes(UTF_8) writes '?'
            } else {
                length += 3;
            }
        }
        return length;
    }
}
