package io.msgframe.protocol.remoting;

/**
 * Encodes and decodes the header of a remoting frame (reference §1.3, §1.4) in either serialize type. The frame
 * around it (length, header word, body) belongs to the transport; this class sees only the header bytes.
 *
 * <p>Decoding failures throw {@link ProtocolException} with code SYSTEM_ERROR and a message saying what is wrong;
 * {@link HeaderProbe} recovers the opaque of a header that fails, so the error can still be answered.
 */
public final class HeaderCodec {

    private HeaderCodec() {
    }

    /** The header of {@code command} in {@code type}. */
    public static byte[] encode(RemotingCommand command, SerializeType type) {
        return switch (type) {
            case JSON -> JsonHeaderCodec.encode(command);
            case ROCKETMQ -> BinaryHeaderCodec.encode(command);
        };
    }

    public static byte[] encodeJson(RemotingCommand command) {
        return JsonHeaderCodec.encode(command);
    }

    /** @throws IllegalArgumentException if the code or version does not fit the format's int16 */
    public static byte[] encodeBinary(RemotingCommand command) {
        return BinaryHeaderCodec.encode(command);
    }

    /** True when {@code command} can be written in the binary format (code and version fit an int16). */
    public static boolean fitsBinary(RemotingCommand command) {
        return BinaryHeaderCodec.fits(command);
    }

    /**
     * A command from the header bytes {@code header[offset, offset + length)}; its body is not set.
     *
     * @throws ProtocolException if the header is malformed
     */
    public static RemotingCommand decode(SerializeType type, byte[] header, int offset, int length) {
        return switch (type) {
            case JSON -> JsonHeaderCodec.decode(header, offset, length);
            case ROCKETMQ -> BinaryHeaderCodec.decode(header, offset, length);
        };
    }

    public static RemotingCommand decode(SerializeType type, byte[] header) {
        return decode(type, header, 0, header.length);
    }
}
