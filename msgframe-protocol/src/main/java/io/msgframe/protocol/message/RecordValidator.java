package io.msgframe.protocol.message;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Checks that the bytes at a position form a whole, self-consistent record before anyone trusts them:
 * length, magic, the inner lengths adding up to TOTALSIZE, the stored physical offset, and the body CRC.
 * Recovery uses it to find a torn tail; reads use it to refuse corrupt bytes. Reusable, not thread-safe.
 */
public final class RecordValidator {

    /** What the bytes at a position are. */
    public enum Verdict {
        /** A complete record; {@link #size()} is its length. */
        RECORD,
        /** The end-of-file blank marker; {@link #size()} is the rest of the file. */
        BLANK,
        /** Zero bytes where a record would start: the end of written data. */
        END_OF_DATA,
        /** Anything else: torn or corrupt; {@link #reason()} says what. */
        INVALID
    }

    private final CRC32 crc = new CRC32();
    private int size;
    private String reason;

    public int size() {
        return size;
    }

    public String reason() {
        return reason;
    }

    /**
     * @param offset where the record should start in {@code buffer}
     * @param limit  first byte that does not belong to the file (the record must end at or before it)
     * @param expectedPhysicalOffset the commit-log offset of {@code offset}, or -1 to skip that check
     * @param verifyCrc whether to recompute the body CRC (costly, ~1 ns per byte)
     */
    public Verdict validate(ByteBuffer buffer, int offset, int limit, long expectedPhysicalOffset, boolean verifyCrc) {
        size = 0;
        reason = null;
        if (limit - offset < MagicCode.BLANK_SIZE) {
            return invalid("fewer than 8 bytes before the end of the file");
        }
        int totalSize = buffer.getInt(offset);
        int magic = buffer.getInt(offset + MessageRecord.MAGIC_OFFSET);
        if (totalSize == 0 && magic == 0) {
            return Verdict.END_OF_DATA;
        }
        if (magic == MagicCode.BLANK) {
            if (totalSize != limit - offset) {
                return invalid("blank marker says " + totalSize + " bytes remain, the file has " + (limit - offset));
            }
            size = totalSize;
            return Verdict.BLANK;
        }
        if (!MagicCode.isRecord(magic)) {
            return invalid("bad magic code 0x" + Integer.toHexString(magic));
        }
        if (totalSize < MessageRecord.MIN_RECORD_SIZE || totalSize > limit - offset) {
            return invalid("total size " + totalSize + " out of range (" + (limit - offset) + " bytes left)");
        }
        int sysFlag = buffer.getInt(offset + MessageRecord.SYS_FLAG_OFFSET);
        int bodyLengthAt = MessageRecord.BORN_HOST_OFFSET + SysFlag.bornHostLength(sysFlag) + 8
                + SysFlag.storeHostLength(sysFlag) + 4 + 8;
        if (bodyLengthAt + 4 > totalSize) {
            return invalid("body length field beyond total size " + totalSize);
        }
        int bodyLength = buffer.getInt(offset + bodyLengthAt);
        if (bodyLength < 0 || bodyLengthAt + 4L + bodyLength > totalSize) {
            return invalid("body length " + bodyLength + " does not fit in total size " + totalSize);
        }
        int topicLengthAt = bodyLengthAt + 4 + bodyLength;
        int topicLengthSize = MagicCode.topicLengthSize(magic);
        if (topicLengthAt + topicLengthSize > totalSize) {
            return invalid("topic length field beyond total size " + totalSize);
        }
        int topicLength = topicLengthSize == 1
                ? buffer.get(offset + topicLengthAt) & 0xFF
                : buffer.getShort(offset + topicLengthAt) & 0xFFFF;
        int propertiesLengthAt = topicLengthAt + topicLengthSize + topicLength;
        if (propertiesLengthAt + 2 > totalSize) {
            return invalid("topic length " + topicLength + " does not fit in total size " + totalSize);
        }
        int propertiesLength = buffer.getShort(offset + propertiesLengthAt) & 0xFFFF;
        if (propertiesLengthAt + 2 + propertiesLength != totalSize) {
            return invalid("field lengths add up to " + (propertiesLengthAt + 2 + propertiesLength)
                    + ", total size says " + totalSize);
        }
        if (expectedPhysicalOffset >= 0) {
            long stored = buffer.getLong(offset + MessageRecord.PHYSICAL_OFFSET_OFFSET);
            if (stored != expectedPhysicalOffset) {
                return invalid("stored physical offset " + stored + " is not its position " + expectedPhysicalOffset);
            }
        }
        if (verifyCrc) {
            crc.reset();
            crc.update(buffer.slice(offset + bodyLengthAt + 4, bodyLength));
            int expected = (int) (crc.getValue() & 0x7FFFFFFF);
            int stored = buffer.getInt(offset + MessageRecord.BODY_CRC_OFFSET);
            if (expected != stored) {
                return invalid("body CRC 0x" + Integer.toHexString(stored) + " does not match the body (0x"
                        + Integer.toHexString(expected) + ")");
            }
        }
        size = totalSize;
        return Verdict.RECORD;
    }

    private Verdict invalid(String why) {
        reason = why;
        return Verdict.INVALID;
    }

    /** CRC-32 of the bytes between position and limit, masked as RocketMQ stores it. */
    public static int bodyCrc(ByteBuffer body) {
        CRC32 crc32 = new CRC32();
        crc32.update(body.duplicate());
        return (int) (crc32.getValue() & 0x7FFFFFFF);
    }
}
