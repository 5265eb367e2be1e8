package io.msgframe.protocol.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Shared builders for the message tests. */
final class TestRecords {
    static final long QUEUE_OFFSET = 0x0102030405060708L;
    static final long PHYSICAL_OFFSET = 0x1122334455667788L;
    static final long STORE_TIMESTAMP = 1_700_000_123_456L;

    private TestRecords() {
    }

    static InetSocketAddress v4(int a, int b, int c, int d, int port) {
        return host(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, port);
    }

    static InetSocketAddress v6(String literal, int port) {
        try {
            InetAddress address = InetAddress.getByName(literal); // a literal: no name lookup
            if (address.getAddress().length != 16) {
                throw new IllegalArgumentException("not an IPv6 literal: " + literal);
            }
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static InetSocketAddress host(byte[] address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static MessageDraft draft() {
        return new MessageDraft()
                .topic("TopicTest")
                .queueId(3)
                .flag(0x0A0B0C0D)
                .sysFlag(SysFlag.TRANSACTION_COMMIT_TYPE)
                .bornTimestamp(1_699_999_999_999L)
                .bornHost(v4(10, 0, 0, 7, 54321))
                .storeHost(v4(192, 168, 0, 10, 10911))
                .reconsumeTimes(2)
                .preparedTransactionOffset(4096L)
                .body(new byte[] {1, 2, 3, 4, 5})
                .properties("TAGS\u0001tagA\u0002KEYS\u0001k1 k2\u0002");
    }

    /** Encodes {@code draft} into an exactly sized heap buffer and patches the three store-assigned fields. */
    static ByteBuffer encodeAndPatch(MessageDraft draft, long queueOffset, long physicalOffset, long storeTimestamp) {
        ByteBuffer buffer = ByteBuffer.allocate(MessageRecordEncoder.encodedSize(draft));
        new MessageRecordEncoder().encode(draft, buffer);
        MessageRecord.putQueueOffset(buffer, 0, queueOffset);
        MessageRecord.putPhysicalOffset(buffer, 0, physicalOffset);
        MessageRecord.putStoreTimestamp(buffer, 0, storeTimestamp);
        buffer.flip();
        return buffer;
    }

    static ByteBuffer encodeAndPatch(MessageDraft draft) {
        return encodeAndPatch(draft, QUEUE_OFFSET, PHYSICAL_OFFSET, STORE_TIMESTAMP);
    }

    static byte[] bodyBytes(MessageDraft draft) {
        ByteBuffer body = draft.body().duplicate();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        return bytes;
    }

    static int hostFlags(InetSocketAddress born, InetSocketAddress store) {
        int flags = 0;
        if (born.getAddress().getAddress().length == 16) {
            flags |= SysFlag.BORNHOST_V6;
        }
        if (store.getAddress().getAddress().length == 16) {
            flags |= SysFlag.STOREHOST_V6;
        }
        return flags;
    }
}
