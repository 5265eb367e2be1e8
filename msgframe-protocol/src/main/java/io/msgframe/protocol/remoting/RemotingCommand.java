package io.msgframe.protocol.remoting;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request or response of RocketMQ's remoting protocol (reference §1): code, language, version, opaque,
 * flag, remark, the custom header as string fields ({@code extFields}), and the body. The body is either a
 * byte array or, for zero-copy responses, a list of buffers (slices of mapped files) plus a callback that
 * releases them once written.
 *
 * <p>Header values are strings on the wire; the typed getters parse them and throw
 * {@link ProtocolException} naming the field, which processors turn into an error response.
 */
public final class RemotingCommand {
    /** RocketMQ version ordinal MsgFrame reports in responses (4.9.8): above every threshold clients check. */
    public static final int SERVER_VERSION = 409;
    private static final int RESPONSE_BIT = 0x1;
    private static final int ONEWAY_BIT = 0x2;

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = SERVER_VERSION;
    private int opaque;
    private int flag;
    private String remark;
    private Map<String, String> extFields;
    private byte[] body;
    private List<ByteBuffer> bodyParts;
    private Runnable onWritten;
    private SerializeType serializeType = SerializeType.JSON;

    public static RemotingCommand request(int code) {
        RemotingCommand command = new RemotingCommand();
        command.code = code;
        return command;
    }

    /** A response to {@code request}: same opaque and serialize type, the response bit set. */
    public static RemotingCommand responseTo(RemotingCommand request, int code, String remark) {
        RemotingCommand response = new RemotingCommand();
        response.code = code;
        response.opaque = request.opaque;
        response.flag = RESPONSE_BIT;
        response.remark = remark;
        response.serializeType = request.serializeType;
        return response;
    }

    public static RemotingCommand success(RemotingCommand request) {
        return responseTo(request, ResponseCode.SUCCESS, null);
    }

    /** Decoding side: a command with every header field given. */
    public static RemotingCommand decoded(int code, LanguageCode language, int version, int opaque, int flag,
                                          String remark, Map<String, String> extFields,
                                          SerializeType serializeType) {
        RemotingCommand command = new RemotingCommand();
        command.code = code;
        command.language = language;
        command.version = version;
        command.opaque = opaque;
        command.flag = flag;
        command.remark = remark;
        command.extFields = extFields;
        command.serializeType = serializeType;
        return command;
    }

    public int code() {
        return code;
    }

    public RemotingCommand code(int code) {
        this.code = code;
        return this;
    }

    public LanguageCode language() {
        return language;
    }

    public int version() {
        return version;
    }

    public RemotingCommand version(int version) {
        this.version = version;
        return this;
    }

    public int opaque() {
        return opaque;
    }

    public RemotingCommand opaque(int opaque) {
        this.opaque = opaque;
        return this;
    }

    public int flag() {
        return flag;
    }

    public boolean isResponse() {
        return (flag & RESPONSE_BIT) != 0;
    }

    public boolean isOneway() {
        return (flag & ONEWAY_BIT) != 0;
    }

    public RemotingCommand markOneway() {
        flag |= ONEWAY_BIT;
        return this;
    }

    public RemotingCommand markResponse() {
        flag |= RESPONSE_BIT;
        return this;
    }

    public String remark() {
        return remark;
    }

    public RemotingCommand remark(String remark) {
        this.remark = remark;
        return this;
    }

    public SerializeType serializeType() {
        return serializeType;
    }

    public RemotingCommand serializeType(SerializeType serializeType) {
        this.serializeType = serializeType;
        return this;
    }

    // --- custom header -------------------------------------------------------------------------------

    /** The custom header fields, never null (created on first use). Insertion order is kept. */
    public Map<String, String> extFields() {
        if (extFields == null) {
            extFields = new LinkedHashMap<>();
        }
        return extFields;
    }

    public boolean hasExtFields() {
        return extFields != null && !extFields.isEmpty();
    }

    /** Sets a header field; a null value removes it (RocketMQ omits null fields). */
    public RemotingCommand ext(String name, Object value) {
        if (value == null) {
            if (extFields != null) {
                extFields.remove(name);
            }
        } else {
            extFields().put(name, value.toString());
        }
        return this;
    }

    /** A header field, or null. */
    public String ext(String name) {
        return extFields == null ? null : extFields.get(name);
    }

    /** A required string field. */
    public String requireExt(String name) {
        String value = ext(name);
        if (value == null) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "the header field '" + name + "' is missing");
        }
        return value;
    }

    public int extInt(String name) {
        return parseInt(name, requireExt(name));
    }

    public int extInt(String name, int defaultValue) {
        String value = ext(name);
        return value == null ? defaultValue : parseInt(name, value);
    }

    public long extLong(String name) {
        return parseLong(name, requireExt(name));
    }

    public long extLong(String name, long defaultValue) {
        String value = ext(name);
        return value == null ? defaultValue : parseLong(name, value);
    }

    /** RocketMQ's rule: "true" in any case is true, anything else false. */
    public boolean extBoolean(String name, boolean defaultValue) {
        String value = ext(name);
        return value == null ? defaultValue : Boolean.parseBoolean(value.trim());
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR,
                    "the header field '" + name + "' is not an integer: " + value);
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR,
                    "the header field '" + name + "' is not an integer: " + value);
        }
    }

    // --- body -----------------------------------------------------------------------------------------

    /** The body as bytes, or null (a zero-copy body is not available as one array). */
    public byte[] body() {
        return body;
    }

    public RemotingCommand body(byte[] body) {
        this.body = body;
        this.bodyParts = null;
        return this;
    }

    /**
     * A body written as it is from {@code parts} (e.g. slices of mapped files); {@code onWritten} runs once
     * the frame is written or dropped, to release them.
     */
    public RemotingCommand bodyParts(List<ByteBuffer> parts, Runnable onWritten) {
        this.body = null;
        this.bodyParts = parts;
        this.onWritten = onWritten;
        return this;
    }

    public List<ByteBuffer> bodyParts() {
        return bodyParts;
    }

    public int bodyLength() {
        if (body != null) {
            return body.length;
        }
        if (bodyParts == null) {
            return 0;
        }
        int length = 0;
        for (ByteBuffer part : bodyParts) {
            length += part.remaining();
        }
        return length;
    }

    /** Runs the release callback of a zero-copy body, once. */
    public void bodyWritten() {
        Runnable callback = onWritten;
        onWritten = null;
        if (callback != null) {
            callback.run();
        }
    }

    @Override
    public String toString() {
        return "RemotingCommand[code=" + code + ", opaque=" + opaque + ", flag=" + flag
                + (remark == null ? "" : ", remark=" + remark) + ", ext=" + extFields + ", body=" + bodyLength() + "]";
    }
}
