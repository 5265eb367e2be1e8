package io.msgframe.protocol.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Flyweight over one stored message record, RocketMQ's layout (reference §4.1). The stored record is
 * also the wire record of pull responses, so the store and the broker read fields in place.
 *
 * <pre>
 *  0  TOTALSIZE        int32   size of the whole record, this field included
 *  4  MAGICCODE        int32   {@link MagicCode#V1} (1-byte topic length) or {@link MagicCode#V2} (2-byte)
 *  8  BODYCRC          int32   CRC-32 of the stored body, masked with 0x7FFFFFFF
 * 12  QUEUEID          int32
 * 16  FLAG             int32   user flag
 * 20  QUEUEOFFSET      int64   logical offset in (topic, queueId)
 * 28  PHYSICALOFFSET   int64   commit-log offset of byte 0 of this record
 * 36  SYSFLAG          int32   {@link SysFlag}
 * 40  BORNTIMESTAMP    int64
 * 48  BORNHOST         8 | 20  address (4 | 16 bytes) + int32 port; 20 when SYSFLAG has BORNHOST_V6
 *  b  STORETIMESTAMP   int64   b = 48 + bornHostLength
 * +8  STOREHOST        8 | 20  20 when SYSFLAG has STOREHOST_V6
 *  s  RECONSUMETIMES   int32   s = b + 8 + storeHostLength
 * +4  PREPAREDTXOFFSET int64
 * +8  BODYLENGTH       int32, then BODY
 *     TOPICLENGTH      int8 (V1) | int16 (V2), then TOPIC (UTF-8)
 *     PROPERTIESLENGTH int16, then PROPERTIES (see {@link MessageProperties})
 * </pre>
 *
 * The flyweight never copies: {@link #body()} is a view of the wrapped buffer. Variable offsets are
 * computed once in {@link #wrap}. All reads are absolute, so the wrapped buffer's position is untouched.
 */
public final class MessageRecord {
    public static final int TOTAL_SIZE_OFFSET = 0;
    public static final int MAGIC_OFFSET = 4;
    public static final int BODY_CRC_OFFSET = 8;
    public static final int QUEUE_ID_OFFSET = 12;
    public static final int FLAG_OFFSET = 16;
    public static final int QUEUE_OFFSET_OFFSET = 20;
    public static final int PHYSICAL_OFFSET_OFFSET = 28;
    public static final int SYS_FLAG_OFFSET = 36;
    public static final int BORN_TIMESTAMP_OFFSET = 40;
    public static final int BORN_HOST_OFFSET = 48;
    /** Bytes of a record with IPv4 hosts, V1 magic, empty body, topic and properties. */
    public static final int MIN_RECORD_SIZE = 91;

    private ByteBuffer buffer;
    private int base;
    private int storeTimestampOffset;
    private int storeHostOffset;
    private int reconsumeTimesOffset;
    private int bodyLengthOffset;
    private int topicLengthOffset;
    private int topicLengthSize;

    /**
     * Points this flyweight at the record starting at {@code offset}. Trusts the header: call
     * {@link RecordValidator} first on bytes that may be torn or corrupt.
     */
    public MessageRecord wrap(ByteBuffer buffer, int offset) {
        this.buffer = buffer;
        this.base = offset;
        int sysFlag = buffer.getInt(offset + SYS_FLAG_OFFSET);
        storeTimestampOffset = BORN_HOST_OFFSET + SysFlag.bornHostLength(sysFlag);
        storeHostOffset = storeTimestampOffset + 8;
        reconsumeTimesOffset = storeHostOffset + SysFlag.storeHostLength(sysFlag);
        bodyLengthOffset = reconsumeTimesOffset + 4 + 8;
        topicLengthOffset = bodyLengthOffset + 4 + buffer.getInt(offset + bodyLengthOffset);
        topicLengthSize = MagicCode.topicLengthSize(buffer.getInt(offset + MAGIC_OFFSET));
        return this;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return base;
    }

    public int totalSize() {
        return buffer.getInt(base + TOTAL_SIZE_OFFSET);
    }

    public int magic() {
        return buffer.getInt(base + MAGIC_OFFSET);
    }

    public int bodyCrc() {
        return buffer.getInt(base + BODY_CRC_OFFSET);
    }

    public int queueId() {
        return buffer.getInt(base + QUEUE_ID_OFFSET);
    }

    public int flag() {
        return buffer.getInt(base + FLAG_OFFSET);
    }

    public long queueOffset() {
        return buffer.getLong(base + QUEUE_OFFSET_OFFSET);
    }

    public long physicalOffset() {
        return buffer.getLong(base + PHYSICAL_OFFSET_OFFSET);
    }

    public int sysFlag() {
        return buffer.getInt(base + SYS_FLAG_OFFSET);
    }

    public long bornTimestamp() {
        return buffer.getLong(base + BORN_TIMESTAMP_OFFSET);
    }

    public InetSocketAddress bornHost() {
        return readHost(base + BORN_HOST_OFFSET, (sysFlag() & SysFlag.BORNHOST_V6) != 0);
    }

    public long storeTimestamp() {
        return buffer.getLong(base + storeTimestampOffset);
    }

    public int storeTimestampOffset() {
        return storeTimestampOffset;
    }

    public InetSocketAddress storeHost() {
        return readHost(base + storeHostOffset, (sysFlag() & SysFlag.STOREHOST_V6) != 0);
    }

    /** STOREHOST bytes (address then port), as the offset message id embeds them. */
    public int storeHostOffset() {
        return storeHostOffset;
    }

    public int reconsumeTimes() {
        return buffer.getInt(base + reconsumeTimesOffset);
    }

    public long preparedTransactionOffset() {
        return buffer.getLong(base + reconsumeTimesOffset + 4);
    }

    public int bodyLength() {
        return buffer.getInt(base + bodyLengthOffset);
    }

    /** Offset of the first body byte, relative to the record start. */
    public int bodyOffset() {
        return bodyLengthOffset + 4;
    }

    /** A view of the body bytes (no copy); position 0, limit = body length. */
    public ByteBuffer body() {
        return buffer.slice(base + bodyOffset(), bodyLength());
    }

    public byte[] bodyBytes() {
        byte[] bytes = new byte[bodyLength()];
        buffer.get(base + bodyOffset(), bytes);
        return bytes;
    }

    public int topicLength() {
        return topicLengthSize == 1
                ? buffer.get(base + topicLengthOffset) & 0xFF
                : buffer.getShort(base + topicLengthOffset) & 0xFFFF;
    }

    /** Whether the topic is exactly these UTF-8 bytes: lets readers reuse a String instead of decoding one. */
    public boolean topicEquals(byte[] utf8) {
        int length = topicLength();
        if (length != utf8.length) {
            return false;
        }
        int at = base + topicLengthOffset + topicLengthSize;
        for (int i = 0; i < length; i++) {
            if (buffer.get(at + i) != utf8[i]) {
                return false;
            }
        }
        return true;
    }

    public String topic() {
        return decodeUtf8(base + topicLengthOffset + topicLengthSize, topicLength());
    }

    private int propertiesLengthOffset() {
        return topicLengthOffset + topicLengthSize + topicLength();
    }

    public int propertiesLength() {
        return buffer.getShort(base + propertiesLengthOffset()) & 0xFFFF;
    }

    public String propertiesString() {
        return decodeUtf8(base + propertiesLengthOffset() + 2, propertiesLength());
    }

    public Map<String, String> properties() {
        return MessageProperties.decode(propertiesString());
    }

    /** The value of one property, or null; parses the properties string without building a map. */
    public String property(String name) {
        return MessageProperties.find(propertiesString(), name);
    }

    /** The record as a view of the wrapped buffer (no copy). */
    public ByteBuffer slice() {
        return buffer.slice(base, totalSize());
    }

    private String decodeUtf8(int at, int length) {
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + at, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private InetSocketAddress readHost(int at, boolean v6) {
        byte[] address = new byte[v6 ? 16 : 4];
        buffer.get(at, address);
        int port = buffer.getInt(at + address.length);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of length " + address.length, e);
        }
    }

    // Patching: the commit log encodes a record outside its lock and fills these three under it.

    public static void putQueueOffset(ByteBuffer record, int recordOffset, long queueOffset) {
        record.putLong(recordOffset + QUEUE_OFFSET_OFFSET, queueOffset);
    }

    public static void putPhysicalOffset(ByteBuffer record, int recordOffset, long physicalOffset) {
        record.putLong(recordOffset + PHYSICAL_OFFSET_OFFSET, physicalOffset);
    }

    public static void putStoreTimestamp(ByteBuffer record, int recordOffset, long storeTimestamp) {
        int sysFlag = record.getInt(recordOffset + SYS_FLAG_OFFSET);
        record.putLong(recordOffset + BORN_HOST_OFFSET + SysFlag.bornHostLength(sysFlag), storeTimestamp);
    }
}
