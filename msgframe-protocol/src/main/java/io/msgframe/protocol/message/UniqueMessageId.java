package io.msgframe.protocol.message;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The client-made unique id (property UNIQ_KEY, the application's msgId), reference §4.5: uppercase hex of
 * client IP (4 or 16 bytes) + process id (int16) + class-loader hash (int32) + milliseconds since the start
 * of the current month (int32) + counter (int16). 32 characters for IPv4.
 */
public record UniqueMessageId(InetAddress clientAddress, short processId, int classLoaderHash,
                              int millisOfMonth, short counter) {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** @throws IllegalArgumentException when the id is not 32 or 56 hex characters */
    public static UniqueMessageId parse(String id) {
        if (id == null || (id.length() != 32 && id.length() != 56)) {
            throw new IllegalArgumentException("a unique message id has 32 or 56 hex characters: " + id);
        }
        ByteBuffer buffer = ByteBuffer.wrap(HEX.parseHex(id));
        byte[] address = new byte[buffer.capacity() - 12];
        buffer.get(address);
        try {
            return new UniqueMessageId(InetAddress.getByAddress(address), buffer.getShort(), buffer.getInt(),
                    buffer.getInt(), buffer.getShort());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in unique id " + id, e);
        }
    }

    public String encode() {
        byte[] address = clientAddress.getAddress();
        ByteBuffer buffer = ByteBuffer.allocate(address.length + 12);
        buffer.put(address).putShort(processId).putInt(classLoaderHash).putInt(millisOfMonth).putShort(counter);
        return HEX.formatHex(buffer.array());
    }

    /**
     * When the id was made, given that it was made within about a month before {@code now}: ids carry only
     * the milliseconds since the start of their month.
     */
    public Instant approximateTime(Instant now, ZoneId zone) {
        ZonedDateTime monthStart = now.atZone(zone).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
        Instant candidate = monthStart.toInstant().plusMillis(Integer.toUnsignedLong(millisOfMonth));
        if (candidate.isAfter(now)) {
            candidate = monthStart.minusMonths(1).toInstant().plusMillis(Integer.toUnsignedLong(millisOfMonth));
        }
        return candidate;
    }
}
