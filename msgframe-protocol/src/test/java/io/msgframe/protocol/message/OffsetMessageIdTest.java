package io.msgframe.protocol.message;

import static io.msgframe.protocol.message.TestRecords.draft;
import static io.msgframe.protocol.message.TestRecords.encodeAndPatch;
import static io.msgframe.protocol.message.TestRecords.v4;
import static io.msgframe.protocol.message.TestRecords.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class OffsetMessageIdTest {

    private static final InetSocketAddress STORE = v4(192, 168, 0, 10, 10911);

    @Test
    void encodesTheReferenceExample() {
        assertThat(OffsetMessageId.encode(STORE, 1000)).isEqualTo("C0A8000A00002A9F00000000000003E8");
        assertThat(new OffsetMessageId(STORE, 1000).encode()).isEqualTo("C0A8000A00002A9F00000000000003E8");
    }

    @Test
    void encodesAnIpv4IdAs32UppercaseHexCharacters() {
        String id = OffsetMessageId.encode(v4(10, 171, 205, 239, 65535), Long.MAX_VALUE);

        assertThat(id).hasSize(32).isEqualTo("0AABCDEF0000FFFF7FFFFFFFFFFFFFFF").matches("[0-9A-F]{32}");
    }

    @Test
    void encodesAnIpv6IdAs56HexCharacters() {
        InetSocketAddress store = v6("2001:db8::ab:cdef", 10911);

        String id = OffsetMessageId.encode(store, 0x1234L);

        assertThat(id).hasSize(56)
                .isEqualTo("20010DB8000000000000000000ABCDEF" + "00002A9F" + "0000000000001234");
    }

    @Test
    void parsesTheReferenceExample() {
        OffsetMessageId id = OffsetMessageId.parse("C0A8000A00002A9F00000000000003E8");

        assertThat(id.storeHost()).isEqualTo(STORE);
        assertThat(id.storeHost().getAddress().getHostAddress()).isEqualTo("192.168.0.10");
        assertThat(id.storeHost().getPort()).isEqualTo(10911);
        assertThat(id.commitLogOffset()).isEqualTo(1000);
    }

    @Test
    void parsesLowercaseHex() {
        assertThat(OffsetMessageId.parse("c0a8000a00002a9f00000000000003e8"))
                .isEqualTo(new OffsetMessageId(STORE, 1000));
    }

    @Test
    void parseOfEncodeRoundTripsIpv4AndIpv6() {
        InetSocketAddress[] hosts = {STORE, v4(0, 0, 0, 0, 0), v4(255, 255, 255, 255, 65535),
                v6("::1", 1), v6("fe80::1:2:3:4", 10911), v6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", 65535)};
        long[] offsets = {0, 1, 1000, 1L << 30, Long.MAX_VALUE, -1};

        for (InetSocketAddress host : hosts) {
            for (long offset : offsets) {
                OffsetMessageId parsed = OffsetMessageId.parse(OffsetMessageId.encode(host, offset));
                assertThat(parsed.storeHost()).isEqualTo(host);
                assertThat(parsed.commitLogOffset()).isEqualTo(offset);
                assertThat(parsed.encode()).isEqualTo(OffsetMessageId.encode(host, offset));
            }
        }
    }

    @Test
    void encodeOfARecordEqualsEncodeOfItsStoreHostAndPhysicalOffset() {
        InetSocketAddress[] borns = {v4(10, 0, 0, 7, 1), v6("2001:db8::7", 2)};
        InetSocketAddress[] stores = {STORE, v6("2001:db8::a", 10911)};
        for (InetSocketAddress born : borns) {
            for (InetSocketAddress store : stores) {
                MessageDraft draft = draft().bornHost(born).storeHost(store);
                ByteBuffer buffer = encodeAndPatch(draft, 3, 987_654_321_012L, 5);

                String id = OffsetMessageId.encode(new MessageRecord().wrap(buffer, 0));

                assertThat(id).as("born %s, store %s", born, store)
                        .isEqualTo(OffsetMessageId.encode(store, 987_654_321_012L))
                        .hasSize(store.getAddress().getAddress().length == 4 ? 32 : 56);
            }
        }
    }

    @Test
    void encodeOfARecordAtANonZeroOffsetUsesThatRecord() {
        MessageDraft draft = draft();
        ByteBuffer log = ByteBuffer.allocate(512);
        log.position(100);
        new MessageRecordEncoder().encode(draft, log);
        MessageRecord.putPhysicalOffset(log, 100, 1000);

        assertThat(OffsetMessageId.encode(new MessageRecord().wrap(log, 100)))
                .isEqualTo("C0A8000A00002A9F00000000000003E8");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "C0A8000A00002A9F00000000000003E", "C0A8000A00002A9F00000000000003E80",
            "C0A8000A00002A9F00000000000003E8C0A8000A", "20010DB8000000000000000000ABCDEF00002A9F000000000000123",
            "20010DB8000000000000000000ABCDEF00002A9F00000000000012340"})
    void parseRejectsIdsThatAreNot32Or56Characters(String id) {
        assertThatThrownBy(() -> OffsetMessageId.parse(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseRejectsNonHexCharacters() {
        assertThatThrownBy(() -> OffsetMessageId.parse("G0A8000A00002A9F00000000000003E8"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OffsetMessageId.parse("C0A8000A-0002A9F00000000000003E8"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
