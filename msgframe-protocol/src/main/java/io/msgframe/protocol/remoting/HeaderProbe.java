package io.msgframe.protocol.remoting;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * What can be salvaged from a header that failed to decode: the opaque (to address the error response to the
 * right request) and the flag (a broken response or oneway request must not be answered). Binary headers keep
 * both at fixed offsets; a JSON header is scanned leniently up to the first syntax error.
 *
 * @param opaque    the request id, 0 when not found
 * @param flag      the flag bits, 0 when not found
 * @param recovered whether the opaque was found
 */
public record HeaderProbe(int opaque, int flag, boolean recovered) {
    private static final HeaderProbe NOTHING = new HeaderProbe(0, 0, false);

    public boolean isResponse() {
        return (flag & 0x1) != 0;
    }

    public boolean isOneway() {
        return (flag & 0x2) != 0;
    }

    /**
     * @param type the frame's serialize type, or null when it is unknown (then a header that looks like a JSON
     *             object is scanned as JSON)
     */
    public static HeaderProbe of(SerializeType type, byte[] header, int offset, int length) {
        if (type == SerializeType.ROCKETMQ) {
            return binary(header, offset, length);
        }
        if (type == SerializeType.JSON || (length > 0 && header[offset] == '{')) {
            return json(header, offset, length);
        }
        return NOTHING;
    }

    private static HeaderProbe binary(byte[] header, int offset, int length) {
        if (length < BinaryHeaderCodec.FLAG_OFFSET + Integer.BYTES) {
            return length < BinaryHeaderCodec.OPAQUE_OFFSET + Integer.BYTES ? NOTHING
                    : new HeaderProbe(intAt(header, offset + BinaryHeaderCodec.OPAQUE_OFFSET), 0, true);
        }
        return new HeaderProbe(intAt(header, offset + BinaryHeaderCodec.OPAQUE_OFFSET),
                intAt(header, offset + BinaryHeaderCodec.FLAG_OFFSET), true);
    }

    private static int intAt(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    private static HeaderProbe json(byte[] header, int offset, int length) {
        Integer opaque = null;
        int flag = 0;
        try (JsonParser json = JsonHeaderCodec.FACTORY.createParser(header, offset, length)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return NOTHING;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String key = json.currentName();
                JsonToken value = json.nextToken();
                if (value == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT) {
                    if (key.equals("opaque")) {
                        opaque = json.getIntValue();
                    } else if (key.equals("flag")) {
                        flag = json.getIntValue();
                    }
                } else {
                    json.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // a syntax error ends the scan: keep what was found before it
        }
        return opaque == null ? new HeaderProbe(0, flag, false) : new HeaderProbe(opaque, flag, true);
    }
}
