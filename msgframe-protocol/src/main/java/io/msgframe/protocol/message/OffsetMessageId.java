package io.msgframe.protocol.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The broker-made message id: store host address (4 or 16 bytes) + port (int32) + commit-log offset
 * (int64), as uppercase hex: 32 characters for IPv4, 56 for IPv6 (reference §4.5).
 */
public record OffsetMessageId(InetSocketAddress storeHost, long commitLogOffset) {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    public static String encode(InetSocketAddress storeHost, long commitLogOffset) {
        byte[] address = storeHost.getAddress().getAddress();
        ByteBuffer bytes = ByteBuffer.allocate(address.length + 12);
        bytes.put(address).putInt(storeHost.getPort()).putLong(commitLogOffset);
        return HEX.formatHex(bytes.array());
    }

    /** Builds the id from the STOREHOST bytes of a stored record, without resolving an address. */
    public static String encode(MessageRecord record) {
        ByteBuffer buffer = record.buffer();
        int hostLength = SysFlag.storeHostLength(record.sysFlag());
        byte[] bytes = new byte[hostLength + 8];
        buffer.get(record.offset() + record.storeHostOffset(), bytes, 0, hostLength);
        ByteBuffer.wrap(bytes).putLong(hostLength, record.physicalOffset());
        return HEX.formatHex(bytes);
    }

    /** @throws IllegalArgumentException when the id is not 32 or 56 hex characters */
    public static OffsetMessageId parse(String id) {
        if (id == null || (id.length() != 32 && id.length() != 56)) {
            throw new IllegalArgumentException("an offset message id has 32 or 56 hex characters: " + id);
        }
        byte[] bytes = HEX.parseHex(id);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] address = new byte[bytes.length - 12];
        buffer.get(address);
        int port = buffer.getInt();
        long offset = buffer.getLong();
        try {
            return new OffsetMessageId(new InetSocketAddress(InetAddress.getByAddress(address), port), offset);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in message id " + id, e);
        }
    }

    public String encode() {
        return encode(storeHost, commitLogOffset);
    }
}
