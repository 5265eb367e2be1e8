package io.msgframe.protocol.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reader of a SEND_BATCH_MESSAGE body: entries back to back (reference §4.6).
 *
 * <pre>
 *  0  TOTALSIZE   int32  22 + n + p
 *  4  MAGICCODE   int32  0, unused
 *  8  BODYCRC     int32  0, the broker computes it
 * 12  FLAG        int32
 * 16  BODYLENGTH  int32 n, then BODY
 *     PROPLENGTH  int16 p, then PROPERTIES
 * </pre>
 *
 * Iterate with {@link #next()}; each call checks the entry's lengths against the body and throws
 * {@link MessageFormatException} rather than reading past it.
 */
public final class BatchBody {
    public static final int ENTRY_OVERHEAD = 22;

    private final ByteBuffer body;
    private int position;
    private int flag;
    private ByteBuffer entryBody;
    private String properties;

    public BatchBody(ByteBuffer body) {
        this.body = body.slice();
    }

    public boolean hasNext() {
        return position < body.limit();
    }

    /** Moves to the next entry. */
    public void next() {
        int left = body.limit() - position;
        if (left < ENTRY_OVERHEAD) {
            throw malformed("entry at " + position + " has only " + left + " bytes");
        }
        int size = body.getInt(position);
        int bodyLength = body.getInt(position + 16);
        if (size < ENTRY_OVERHEAD || size > left || bodyLength < 0 || bodyLength > size - ENTRY_OVERHEAD) {
            throw malformed("entry at " + position + " declares size " + size + " and body " + bodyLength);
        }
        int propertiesLength = body.getShort(position + 20 + bodyLength) & 0xFFFF;
        if (ENTRY_OVERHEAD + bodyLength + propertiesLength != size) {
            throw malformed("entry at " + position + ": lengths add up to "
                    + (ENTRY_OVERHEAD + bodyLength + propertiesLength) + ", size says " + size);
        }
        flag = body.getInt(position + 12);
        entryBody = body.slice(position + 20, bodyLength);
        byte[] props = new byte[propertiesLength];
        body.get(position + 22 + bodyLength, props);
        properties = new String(props, StandardCharsets.UTF_8);
        position += size;
    }

    public int flag() {
        return flag;
    }

    public ByteBuffer body() {
        return entryBody;
    }

    public String properties() {
        return properties;
    }

    /** Appends one entry; the client side of the same format. */
    public static void writeEntry(ByteBuffer dst, int flag, ByteBuffer body, String properties) {
        byte[] props = properties.getBytes(StandardCharsets.UTF_8);
        dst.putInt(ENTRY_OVERHEAD + body.remaining() + props.length);
        dst.putInt(0);
        dst.putInt(0);
        dst.putInt(flag);
        dst.putInt(body.remaining());
        dst.put(body.duplicate());
        dst.putShort((short) props.length);
        dst.put(props);
    }

    private static MessageFormatException malformed(String why) {
        return new MessageFormatException(MessageFormatException.Reason.MALFORMED_BATCH, "malformed batch: " + why);
    }
}
