package io.msgframe.protocol.remoting;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RocketMQ's binary header, serialize type ROCKETMQ (reference §1.4). Big-endian throughout:
 * <pre>
 *  0  int16  code
 *  2  int8   language
 *  3  int16  version
 *  5  int32  opaque
 *  9  int32  flag
 * 13  int32  remarkLength, then remarkLength bytes of UTF-8 (0 = no remark)
 *  …  int32  extLength = byte length of the entries that follow (0 = none)
 *  …         entries: int16 keyLength, key, int32 valueLength, value (UTF-8)
 * </pre>
 * so headerLength = 21 + remarkLength + extLength. Every length is checked against the bytes that remain.
 */
final class BinaryHeaderCodec {
    static final int CODE_OFFSET = 0;
    static final int LANGUAGE_OFFSET = 2;
    static final int VERSION_OFFSET = 3;
    static final int OPAQUE_OFFSET = 5;
    static final int FLAG_OFFSET = 9;
    static final int REMARK_LENGTH_OFFSET = 13;
    /** Fixed part: the fields above, the remark length and the ext length. */
    static final int FIXED_BYTES = 21;

    private BinaryHeaderCodec() {
    }

    static boolean fits(RemotingCommand command) {
        return isInt16(command.code()) && isInt16(command.version());
    }

    static byte[] encode(RemotingCommand command) {
        if (!fits(command)) {
            throw new IllegalArgumentException("code " + command.code() + " or version " + command.version()
                    + " does not fit the binary header's int16; use JSON");
        }
        byte[] remark = command.remark() == null ? null : command.remark().getBytes(StandardCharsets.UTF_8);
        int remarkLength = remark == null ? 0 : remark.length;
        byte[][] ext = extEntries(command);
        int extLength = 0;
        for (int i = 0; i < ext.length; i += 2) {
            extLength += Short.BYTES + ext[i].length + Integer.BYTES + ext[i + 1].length;
        }
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + remarkLength + extLength);
        out.putShort((short) command.code());
        out.put(command.language().code());
        out.putShort((short) command.version());
        out.putInt(command.opaque());
        out.putInt(command.flag());
        out.putInt(remarkLength);
        if (remark != null) {
            out.put(remark);
        }
        out.putInt(extLength);
        for (int i = 0; i < ext.length; i += 2) {
            out.putShort((short) ext[i].length).put(ext[i]);
            out.putInt(ext[i + 1].length).put(ext[i + 1]);
        }
        return out.array();
    }

    /** Key and value bytes alternating; null keys and values are not written (as RocketMQ does). */
    private static byte[][] extEntries(RemotingCommand command) {
        if (!command.hasExtFields()) {
            return new byte[0][];
        }
        Map<String, String> fields = command.extFields();
        byte[][] entries = new byte[fields.size() * 2][];
        int n = 0;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            if (key.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("header key longer than 32767 bytes: "
                        + e.getKey().substring(0, 64));
            }
            entries[n++] = key;
            entries[n++] = e.getValue().getBytes(StandardCharsets.UTF_8);
        }
        return n == entries.length ? entries : java.util.Arrays.copyOf(entries, n);
    }

    static RemotingCommand decode(byte[] header, int offset, int length) {
        ByteBuffer in = ByteBuffer.wrap(header, offset, length).slice();
        if (length < FIXED_BYTES) {
            throw malformed("it has " + length + " bytes, fewer than the " + FIXED_BYTES + " of the fixed part");
        }
        try {
            int code = in.getShort();
            LanguageCode language = LanguageCode.of(in.get());
            int version = in.getShort();
            int opaque = in.getInt();
            int flag = in.getInt();
            String remark = string(in, in.getInt(), "remark");
            Map<String, String> extFields = extFields(in, in.getInt());
            return RemotingCommand.decoded(code, language, version, opaque, flag, remark, extFields,
                    SerializeType.ROCKETMQ);
        } catch (BufferUnderflowException e) {
            throw malformed("it ends inside a field");
        }
    }

    private static Map<String, String> extFields(ByteBuffer in, int extLength) {
        if (extLength == 0) {
            return null;
        }
        checkLength(in, extLength, "ext fields");
        ByteBuffer ext = in.slice().limit(extLength);
        in.position(in.position() + extLength);
        Map<String, String> fields = new LinkedHashMap<>();
        while (ext.hasRemaining()) {
            if (ext.remaining() < Short.BYTES) {
                throw malformed("an ext entry is cut short after " + fields.size() + " entries");
            }
            String key = string(ext, ext.getShort(), "ext key");
            if (ext.remaining() < Integer.BYTES) {
                throw malformed("the ext entry '" + key + "' has no value length");
            }
            String value = string(ext, ext.getInt(), "value of ext key '" + key + "'");
            fields.put(key == null ? "" : key, value == null ? "" : value);
        }
        return fields;
    }

    /** A length-prefixed UTF-8 string; length 0 reads as null. */
    private static String string(ByteBuffer in, int length, String what) {
        if (length == 0) {
            return null;
        }
        checkLength(in, length, what);
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static void checkLength(ByteBuffer in, int length, String what) {
        if (length < 0 || length > in.remaining()) {
            throw malformed("the " + what + " length " + length + " exceeds the " + in.remaining()
                    + " bytes left in the header");
        }
    }

    private static boolean isInt16(int value) {
        return value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
    }

    private static ProtocolException malformed(String why) {
        return new ProtocolException(ResponseCode.SYSTEM_ERROR, "malformed binary header: " + why);
    }
}
