package io.msgframe.protocol.message;

import static io.msgframe.protocol.message.TestRecords.PHYSICAL_OFFSET;
import static io.msgframe.protocol.message.TestRecords.QUEUE_OFFSET;
import static io.msgframe.protocol.message.TestRecords.STORE_TIMESTAMP;
import static io.msgframe.protocol.message.TestRecords.draft;
import static io.msgframe.protocol.message.TestRecords.encodeAndPatch;
import static io.msgframe.protocol.message.TestRecords.v4;
import static io.msgframe.protocol.message.TestRecords.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageRecordCodecTest {

    private static final InetSocketAddress BORN_V4 = v4(10, 0, 0, 7, 54321);
    private static final InetSocketAddress STORE_V4 = v4(192, 168, 0, 10, 10911);
    private static final InetSocketAddress BORN_V6 = v6("2001:db8::1:7", 40001);
    private static final InetSocketAddress STORE_V6 = v6("fe80::abcd:1234:5678:9abc", 10911);

    private static MessageRecord wrap(ByteBuffer buffer) {
        return new MessageRecord().wrap(buffer, 0);
    }

    private static int maskedCrc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    private static void assertReadsBack(MessageRecord record, MessageDraft draft, long queueOffset,
                                        long physicalOffset, long storeTimestamp) {
        byte[] body = TestRecords.bodyBytes(draft);
        assertThat(record.totalSize()).isEqualTo(MessageRecordEncoder.encodedSize(draft));
        assertThat(record.bodyCrc()).isEqualTo(maskedCrc(body));
        assertThat(record.queueId()).isEqualTo(draft.queueId());
        assertThat(record.flag()).isEqualTo(draft.flag());
        assertThat(record.queueOffset()).isEqualTo(queueOffset);
        assertThat(record.physicalOffset()).isEqualTo(physicalOffset);
        assertThat(record.sysFlag()).isEqualTo(
                draft.sysFlag() & ~(SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6)
                        | TestRecords.hostFlags(draft.bornHost(), draft.storeHost()));
        assertThat(record.bornTimestamp()).isEqualTo(draft.bornTimestamp());
        assertThat(record.bornHost()).isEqualTo(draft.bornHost());
        assertThat(record.storeTimestamp()).isEqualTo(storeTimestamp);
        assertThat(record.storeHost()).isEqualTo(draft.storeHost());
        assertThat(record.reconsumeTimes()).isEqualTo(draft.reconsumeTimes());
        assertThat(record.preparedTransactionOffset()).isEqualTo(draft.preparedTransactionOffset());
        assertThat(record.bodyLength()).isEqualTo(body.length);
        assertThat(record.bodyBytes()).isEqualTo(body);
        assertThat(record.topic()).isEqualTo(draft.topic());
        assertThat(record.topicLength()).isEqualTo(draft.topic().getBytes(StandardCharsets.UTF_8).length);
        assertThat(record.propertiesString()).isEqualTo(draft.properties());
        assertThat(record.propertiesLength()).isEqualTo(draft.properties().getBytes(StandardCharsets.UTF_8).length);
        assertThat(record.properties()).isEqualTo(MessageProperties.decode(draft.properties()));
    }

    @Test
    void readsBackEveryFieldOfAV1RecordWithIpv4Hosts() {
        MessageDraft draft = draft();
        ByteBuffer buffer = encodeAndPatch(draft);

        MessageRecord record = wrap(buffer);

        assertThat(record.magic()).isEqualTo(MagicCode.V1);
        assertReadsBack(record, draft, QUEUE_OFFSET, PHYSICAL_OFFSET, STORE_TIMESTAMP);
        assertThat(record.property(PropertyKeys.TAGS)).isEqualTo("tagA");
        assertThat(record.property(PropertyKeys.KEYS)).isEqualTo("k1 k2");
        assertThat(record.property("TAG")).isNull();
        assertThat(record.body()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}));
    }

    @Test
    void writesIpv4RecordFieldsAtTheReferenceOffsets() {
        MessageDraft draft = draft();
        byte[] body = TestRecords.bodyBytes(draft);
        byte[] topic = draft.topic().getBytes(StandardCharsets.UTF_8);
        byte[] properties = draft.properties().getBytes(StandardCharsets.UTF_8);
        int n = body.length;
        int t = topic.length;
        int p = properties.length;

        ByteBuffer b = encodeAndPatch(draft);

        assertThat(b.remaining()).isEqualTo(91 + n + t + p);
        assertThat(b.getInt(0)).isEqualTo(91 + n + t + p);
        assertThat(b.getInt(4)).isEqualTo(-626843481);
        assertThat(b.getInt(8)).isEqualTo(maskedCrc(body));
        assertThat(b.getInt(12)).isEqualTo(3);
        assertThat(b.getInt(16)).isEqualTo(0x0A0B0C0D);
        assertThat(b.getLong(20)).isEqualTo(QUEUE_OFFSET);
        assertThat(b.getLong(28)).isEqualTo(PHYSICAL_OFFSET);
        assertThat(b.getInt(36)).isEqualTo(SysFlag.TRANSACTION_COMMIT_TYPE);
        assertThat(b.getLong(40)).isEqualTo(1_699_999_999_999L);
        assertThat(Arrays.copyOfRange(b.array(), 48, 52)).containsExactly(10, 0, 0, 7);
        assertThat(b.getInt(52)).isEqualTo(54321);
        assertThat(b.getLong(56)).isEqualTo(STORE_TIMESTAMP);
        assertThat(Arrays.copyOfRange(b.array(), 64, 68)).containsExactly((byte) 192, (byte) 168, 0, 10);
        assertThat(b.getInt(68)).isEqualTo(10911);
        assertThat(b.getInt(72)).isEqualTo(2);
        assertThat(b.getLong(76)).isEqualTo(4096L);
        assertThat(b.getInt(84)).isEqualTo(n);
        assertThat(Arrays.copyOfRange(b.array(), 88, 88 + n)).isEqualTo(body);
        assertThat(b.get(88 + n)).isEqualTo((byte) t);
        assertThat(Arrays.copyOfRange(b.array(), 89 + n, 89 + n + t)).isEqualTo(topic);
        assertThat(b.getShort(89 + n + t)).isEqualTo((short) p);
        assertThat(Arrays.copyOfRange(b.array(), 91 + n + t, 91 + n + t + p)).isEqualTo(properties);

        MessageRecord record = wrap(b);
        assertThat(record.storeTimestampOffset()).isEqualTo(56);
        assertThat(record.storeHostOffset()).isEqualTo(64);
        assertThat(record.bodyOffset()).isEqualTo(88);
    }

    @Test
    void matchesAHandBuiltGoldenRecordByteForByte() {
        MessageDraft draft = new MessageDraft()
                .topic("T1")
                .queueId(1)
                .flag(7)
                .sysFlag(0)
                .bornTimestamp(0x0000018BCFE56800L)
                .bornHost(v4(127, 0, 0, 1, 40000))
                .storeHost(v4(192, 168, 0, 10, 10911))
                .body("hello".getBytes(StandardCharsets.US_ASCII))
                .properties("TAGS\u0001a\u0002");

        // Built from reference §4.1 with literal constants only; 105 = 91 + n(5) + t(2) + p(7).
        ByteBuffer golden = ByteBuffer.allocate(105);
        golden.putInt(105);                                      //  0 TOTALSIZE
        golden.putInt(0xDAA320A7);                               //  4 MAGICCODE V1
        golden.putInt(0x3610A686);                               //  8 BODYCRC: CRC-32("hello") & 0x7FFFFFFF
        golden.putInt(1);                                        // 12 QUEUEID
        golden.putInt(7);                                        // 16 FLAG
        golden.putLong(5L);                                      // 20 QUEUEOFFSET
        golden.putLong(1000L);                                   // 28 PHYSICALOFFSET
        golden.putInt(0);                                        // 36 SYSFLAG
        golden.putLong(0x0000018BCFE56800L);                     // 40 BORNTIMESTAMP
        golden.put(new byte[] {127, 0, 0, 1}).putInt(40000);     // 48 BORNHOST
        golden.putLong(0x0000018BCFE56A5BL);                     // 56 STORETIMESTAMP
        golden.put(new byte[] {(byte) 0xC0, (byte) 0xA8, 0x00, 0x0A}).putInt(10911); // 64 STOREHOST
        golden.putInt(0);                                        // 72 RECONSUMETIMES
        golden.putLong(0L);                                      // 76 PREPAREDTRANSACTIONOFFSET
        golden.putInt(5).put(new byte[] {'h', 'e', 'l', 'l', 'o'}); // 84 BODYLENGTH, 88 BODY
        golden.put((byte) 2).put(new byte[] {'T', '1'});         // 93 TOPICLENGTH + TOPIC
        golden.putShort((short) 7).put(new byte[] {'T', 'A', 'G', 'S', 0x01, 'a', 0x02}); // 96 PROPERTIES
        assertThat(golden.hasRemaining()).isFalse();

        ByteBuffer encoded = encodeAndPatch(draft, 5L, 1000L, 0x0000018BCFE56A5BL);

        assertThat(encoded.array()).isEqualTo(golden.array());
    }

    @Test
    void leavesQueueOffsetPhysicalOffsetAndStoreTimestampZeroForPatching() {
        MessageDraft draft = draft();
        ByteBuffer buffer = ByteBuffer.allocate(MessageRecordEncoder.encodedSize(draft));

        new MessageRecordEncoder().encode(draft, buffer);

        MessageRecord record = wrap(buffer);
        assertThat(record.queueOffset()).isZero();
        assertThat(record.physicalOffset()).isZero();
        assertThat(record.storeTimestamp()).isZero();
        assertReadsBack(record, draft, 0, 0, 0);
    }

    @Test
    void encodeReturnsTheEncodedSizeAndAdvancesTheDestinationByIt() {
        MessageDraft draft = draft();
        ByteBuffer dst = ByteBuffer.allocate(1024);
        dst.position(17);

        int size = new MessageRecordEncoder().encode(draft, dst);

        assertThat(size).isEqualTo(MessageRecordEncoder.encodedSize(draft)).isEqualTo(91 + 5 + 9 + 21);
        assertThat(dst.position()).isEqualTo(17 + size);
        assertThat(dst.getInt(17)).isEqualTo(size);
    }

    @Test
    void encodeDoesNotConsumeTheDraftBodyAndEncodesOnlyItsRemainingBytes() {
        ByteBuffer body = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 9});
        body.position(2).limit(5);
        MessageDraft draft = draft().body(body);

        MessageRecord record = wrap(encodeAndPatch(draft));

        assertThat(record.bodyBytes()).containsExactly(1, 2, 3);
        assertThat(record.bodyCrc()).isEqualTo(maskedCrc(new byte[] {1, 2, 3}));
        assertThat(body.position()).isEqualTo(2);
        assertThat(body.limit()).isEqualTo(5);
    }

    @Test
    void encodesFromADirectBodyBuffer() {
        ByteBuffer body = ByteBuffer.allocateDirect(300);
        for (int i = 0; i < 300; i++) {
            body.put((byte) (i * 7));
        }
        body.flip();
        MessageDraft draft = draft().body(body);

        MessageRecord record = wrap(encodeAndPatch(draft));

        assertReadsBack(record, draft, QUEUE_OFFSET, PHYSICAL_OFFSET, STORE_TIMESTAMP);
        assertThat(body.remaining()).isEqualTo(300);
    }

    @Test
    void keepsV1MagicForATopicOfExactly127Bytes() {
        MessageDraft draft = draft().topic("t".repeat(127));
        ByteBuffer buffer = encodeAndPatch(draft);

        MessageRecord record = wrap(buffer);

        assertThat(record.magic()).isEqualTo(MagicCode.V1);
        assertThat(buffer.get(88 + 5)).isEqualTo((byte) 127);
        assertThat(record.totalSize()).isEqualTo(91 + 5 + 127 + 21);
        assertThat(record.topic()).isEqualTo("t".repeat(127));
    }

    @Test
    void encodesV2WithTwoByteTopicLengthWhenTopicLongerThan127Bytes() {
        String topic = "%RETRY%" + "g".repeat(121); // 128 bytes
        MessageDraft draft = draft().topic(topic);
        ByteBuffer buffer = encodeAndPatch(draft);

        MessageRecord record = wrap(buffer);

        assertThat(record.magic()).isEqualTo(MagicCode.V2).isEqualTo(-626843477);
        assertThat(buffer.getShort(88 + 5)).isEqualTo((short) 128);
        assertThat(new String(buffer.array(), 88 + 5 + 2, 128, StandardCharsets.UTF_8)).isEqualTo(topic);
        assertThat(buffer.getShort(88 + 5 + 2 + 128)).isEqualTo((short) 21);
        assertThat(record.totalSize()).isEqualTo(91 + 1 + 5 + 128 + 21);
        assertReadsBack(record, draft, QUEUE_OFFSET, PHYSICAL_OFFSET, STORE_TIMESTAMP);
    }

    @Test
    void choosesV2ByTopicByteLengthNotCharacterCount() {
        String topic = "é".repeat(64); // 64 chars, 128 UTF-8 bytes
        MessageDraft draft = draft().topic(topic);

        MessageRecord record = wrap(encodeAndPatch(draft));

        assertThat(record.magic()).isEqualTo(MagicCode.V2);
        assertThat(record.topicLength()).isEqualTo(128);
        assertThat(record.topic()).isEqualTo(topic);
    }

    @Test
    void readsBackTopicsOf255And300BytesInV2() {
        for (int length : new int[] {255, 256, 300, 4000}) {
            MessageDraft draft = draft().topic("%DLQ%" + "x".repeat(length - 5));
            MessageRecord record = wrap(encodeAndPatch(draft));
            assertThat(record.magic()).isEqualTo(MagicCode.V2);
            assertReadsBack(record, draft, QUEUE_OFFSET, PHYSICAL_OFFSET, STORE_TIMESTAMP);
        }
    }

    static Stream<Arguments> hostCombinations() {
        return Stream.of(
                Arguments.of(BORN_V4, STORE_V4, 0, 56, 64, 88),
                Arguments.of(BORN_V6, STORE_V4, SysFlag.BORNHOST_V6, 68, 76, 100),
                Arguments.of(BORN_V4, STORE_V6, SysFlag.STOREHOST_V6, 56, 64, 100),
                Arguments.of(BORN_V6, STORE_V6, SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6, 68, 76, 112));
    }

    @ParameterizedTest(name = "born {0}, store {1}")
    @MethodSource("hostCombinations")
    void roundTripsEveryCombinationOfIpv4AndIpv6Hosts(InetSocketAddress born, InetSocketAddress store,
                                                      int hostFlags, int storeTimestampAt, int storeHostAt,
                                                      int bodyAt) {
        MessageDraft draft = draft().bornHost(born).storeHost(store);
        ByteBuffer buffer = encodeAndPatch(draft);
        int v6Hosts = Integer.bitCount(hostFlags);

        MessageRecord record = wrap(buffer);

        assertThat(record.sysFlag() & (SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6)).isEqualTo(hostFlags);
        assertThat(record.totalSize()).isEqualTo(91 + 5 + 9 + 21 + 12 * v6Hosts);
        assertThat(record.storeTimestampOffset()).isEqualTo(storeTimestampAt);
        assertThat(record.storeHostOffset()).isEqualTo(storeHostAt);
        assertThat(record.bodyOffset()).isEqualTo(bodyAt);
        assertThat(buffer.getLong(storeTimestampAt)).isEqualTo(STORE_TIMESTAMP);
        assertThat(buffer.getInt(bodyAt - 4)).isEqualTo(5);
        byte[] storeAddress = store.getAddress().getAddress();
        assertThat(Arrays.copyOfRange(buffer.array(), storeHostAt, storeHostAt + storeAddress.length))
                .isEqualTo(storeAddress);
        assertThat(buffer.getInt(storeHostAt + storeAddress.length)).isEqualTo(store.getPort());
        assertReadsBack(record, draft, QUEUE_OFFSET, PHYSICAL_OFFSET, STORE_TIMESTAMP);
    }

    @Test
    void derivesHostBitsFromTheAddressesAndKeepsTheOtherSysFlagBits() {
        int other = SysFlag.COMPRESSED | SysFlag.COMPRESSION_ZLIB | SysFlag.TRANSACTION_PREPARED_TYPE
                | SysFlag.MULTI_TAGS;
        MessageDraft wronglyV6 = draft().sysFlag(other | SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6);
        MessageDraft reallyV6 = draft().sysFlag(other).bornHost(BORN_V6).storeHost(STORE_V6);

        assertThat(wrap(encodeAndPatch(wronglyV6)).sysFlag()).isEqualTo(other);
        assertThat(wrap(encodeAndPatch(reallyV6)).sysFlag())
                .isEqualTo(other | SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6);
        assertThat(wrap(encodeAndPatch(wronglyV6)).storeHost()).isEqualTo(STORE_V4);
    }

    @Test
    void roundTripsAnEmptyBody() {
        MessageDraft draft = draft().body(new byte[0]);
        ByteBuffer buffer = encodeAndPatch(draft);

        MessageRecord record = wrap(buffer);

        assertThat(record.totalSize()).isEqualTo(91 + 0 + 9 + 21);
        assertThat(record.bodyLength()).isZero();
        assertThat(record.bodyCrc()).isZero(); // CRC-32 of nothing
        assertThat(record.body().remaining()).isZero();
        assertThat(record.bodyBytes()).isEmpty();
        assertThat(buffer.get(88)).isEqualTo((byte) 9); // topic length right after the body length
        assertReadsBack(record, draft, QUEUE_OFFSET, PHYSICAL_OFFSET, STORE_TIMESTAMP);
    }

    @Test
    void roundTripsEmptyProperties() {
        MessageDraft draft = draft().properties("");
        MessageRecord record = wrap(encodeAndPatch(draft));

        assertThat(record.totalSize()).isEqualTo(91 + 5 + 9);
        assertThat(record.propertiesLength()).isZero();
        assertThat(record.propertiesString()).isEmpty();
        assertThat(record.properties()).isEmpty();
        assertThat(record.property(PropertyKeys.TAGS)).isNull();
    }

    @Test
    void treatsNullPropertiesAsEmpty() {
        MessageDraft draft = draft().properties(null);
        assertThat(draft.properties()).isEmpty();
        assertThat(wrap(encodeAndPatch(draft)).propertiesLength()).isZero();
    }

    @Test
    void roundTripsAMinimalRecordOf91Bytes() {
        MessageDraft draft = draft().topic("").body(new byte[0]).properties("");
        MessageRecord record = wrap(encodeAndPatch(draft));

        assertThat(record.totalSize()).isEqualTo(MessageRecord.MIN_RECORD_SIZE).isEqualTo(91);
        assertThat(record.topic()).isEmpty();
    }

    @Test
    void roundTripsUnicodeTopicAndPropertiesCountingBytesNotChars() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(PropertyKeys.TAGS, "标签");
        props.put("ключ", "значение ✓");
        props.put("emoji", "😀🚀");
        String properties = MessageProperties.encode(props);
        String topic = "主题-тема";
        MessageDraft draft = draft().topic(topic).properties(properties);
        int t = topic.getBytes(StandardCharsets.UTF_8).length;
        int p = properties.getBytes(StandardCharsets.UTF_8).length;
        assertThat(t).isGreaterThan(topic.length());
        assertThat(p).isGreaterThan(properties.length());

        ByteBuffer buffer = encodeAndPatch(draft);
        MessageRecord record = wrap(buffer);

        assertThat(MessageRecordEncoder.encodedSize(draft)).isEqualTo(91 + 5 + t + p);
        assertThat(buffer.get(88 + 5)).isEqualTo((byte) t);
        assertThat(buffer.getShort(89 + 5 + t)).isEqualTo((short) p);
        assertReadsBack(record, draft, QUEUE_OFFSET, PHYSICAL_OFFSET, STORE_TIMESTAMP);
        assertThat(record.properties()).isEqualTo(props);
        assertThat(record.property("emoji")).isEqualTo("😀🚀");
    }

    @Test
    void encodedSizeEqualsTheWrittenSizeEvenForUnpairedSurrogates() {
        // String.getBytes(UTF_8) writes '?' (1 byte) for an unpaired surrogate.
        MessageDraft draft = draft().topic("T\uD800x").properties("k\u0001v\uDC00\u0002a\u0001\uD83D\u0002");
        ByteBuffer dst = ByteBuffer.allocate(1024);

        int written = new MessageRecordEncoder().encode(draft, dst);

        assertThat(MessageRecordEncoder.encodedSize(draft)).isEqualTo(written).isEqualTo(dst.position());
        assertThat(new MessageRecord().wrap(dst, 0).topic()).isEqualTo("T?x");
    }

    @Test
    void wrapsARecordAtANonZeroOffsetAndPatchesInPlace() {
        MessageDraft first = draft();
        MessageDraft second = draft().topic("Second").bornHost(BORN_V6).queueId(9).body(new byte[] {42});
        MessageRecordEncoder encoder = new MessageRecordEncoder();
        ByteBuffer log = ByteBuffer.allocate(1024);
        log.position(13);
        int firstSize = encoder.encode(first, log);
        int secondAt = log.position();
        encoder.encode(second, log);
        MessageRecord.putQueueOffset(log, 13, 1);
        MessageRecord.putPhysicalOffset(log, 13, 13);
        MessageRecord.putStoreTimestamp(log, 13, 111);
        MessageRecord.putQueueOffset(log, secondAt, 2);
        MessageRecord.putPhysicalOffset(log, secondAt, secondAt);
        MessageRecord.putStoreTimestamp(log, secondAt, 222);
        log.position(0);

        MessageRecord record = new MessageRecord();
        assertThat(secondAt).isEqualTo(13 + firstSize);
        assertReadsBack(record.wrap(log, secondAt), second, 2, secondAt, 222);
        assertThat(record.offset()).isEqualTo(secondAt);
        assertReadsBack(record.wrap(log, 13), first, 1, 13, 111);
        assertThat(log.position()).isZero();
        assertThat(record.slice()).isEqualTo(log.slice(13, firstSize));
    }

    @Test
    void readsFromADirectBufferAndFromASliceWithAnArrayOffset() {
        MessageDraft draft = draft().topic("直接").bornHost(BORN_V6);
        ByteBuffer heap = encodeAndPatch(draft);

        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
        direct.put(heap.duplicate()).flip();
        assertReadsBack(new MessageRecord().wrap(direct, 0), draft, QUEUE_OFFSET, PHYSICAL_OFFSET, STORE_TIMESTAMP);

        ByteBuffer padded = ByteBuffer.allocate(heap.remaining() + 40);
        padded.position(40);
        padded.put(heap.duplicate());
        ByteBuffer slice = padded.position(40).slice();
        assertThat(slice.arrayOffset()).isEqualTo(40);
        assertReadsBack(new MessageRecord().wrap(slice, 0), draft, QUEUE_OFFSET, PHYSICAL_OFFSET, STORE_TIMESTAMP);
    }

    @Test
    void bodyIsAViewOfTheWrappedBufferNotACopy() {
        ByteBuffer buffer = encodeAndPatch(draft());
        MessageRecord record = wrap(buffer);

        ByteBuffer body = record.body();
        buffer.put(88, (byte) 99);

        assertThat(body.position()).isZero();
        assertThat(body.limit()).isEqualTo(5);
        assertThat(body.get(0)).isEqualTo((byte) 99);
    }

    @Test
    void writesANullHostAsZeroAddressAndPortAndAnUnresolvedHostAsZeroAddressWithItsPort() {
        MessageDraft draft = draft().bornHost(null).storeHost(InetSocketAddress.createUnresolved("broker.invalid", 10911));
        ByteBuffer buffer = encodeAndPatch(draft);

        MessageRecord record = wrap(buffer);

        assertThat(record.totalSize()).isEqualTo(91 + 5 + 9 + 21);
        assertThat(record.sysFlag() & (SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6)).isZero();
        assertThat(record.bornHost()).isEqualTo(v4(0, 0, 0, 0, 0));
        assertThat(record.storeHost()).isEqualTo(v4(0, 0, 0, 0, 10911));
    }

    @Test
    void roundTripsExtremeNumericFieldValues() {
        MessageDraft draft = draft().queueId(Integer.MAX_VALUE).flag(Integer.MIN_VALUE).bornTimestamp(Long.MIN_VALUE)
                .reconsumeTimes(-1).preparedTransactionOffset(Long.MAX_VALUE)
                .bornHost(v4(255, 255, 255, 255, 65535));
        MessageRecord record = wrap(encodeAndPatch(draft, Long.MAX_VALUE, Long.MIN_VALUE, -1L));

        assertReadsBack(record, draft, Long.MAX_VALUE, Long.MIN_VALUE, -1L);
    }

    @Test
    void acceptsPropertiesOfExactly32767BytesAndReadsTheLengthUnsigned() {
        String properties = "k\u0001" + "v".repeat(32767 - 3) + "\u0002";
        MessageDraft draft = draft().properties(properties);

        MessageRecord record = wrap(encodeAndPatch(draft));

        assertThat(record.propertiesLength()).isEqualTo(32767);
        assertThat(record.property("k")).hasSize(32764);
    }

    @Test
    void rejectsPropertiesLongerThan32767BytesWithPropertiesTooLarge() {
        MessageDraft draft = draft().properties("k\u0001" + "é".repeat(16383) + "\u0002"); // 32769 bytes
        ByteBuffer dst = ByteBuffer.allocate(70_000);

        assertThatThrownBy(() -> new MessageRecordEncoder().encode(draft, dst))
                .isInstanceOfSatisfying(MessageFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(MessageFormatException.Reason.PROPERTIES_TOO_LARGE));
        assertThat(dst.position()).isZero();
    }

    @Test
    void rejectsTopicLongerThan32767BytesWithTopicTooLong() {
        MessageDraft draft = draft().topic("t".repeat(32768));
        ByteBuffer dst = ByteBuffer.allocate(70_000);

        assertThatThrownBy(() -> new MessageRecordEncoder().encode(draft, dst))
                .isInstanceOfSatisfying(MessageFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(MessageFormatException.Reason.TOPIC_TOO_LONG));
        assertThat(dst.position()).isZero();
    }

    @Test
    void throwsBufferOverflowWhenTheDestinationIsTooSmall() {
        MessageDraft draft = draft();
        ByteBuffer dst = ByteBuffer.allocate(MessageRecordEncoder.encodedSize(draft) - 1);

        assertThatThrownBy(() -> new MessageRecordEncoder().encode(draft, dst))
                .isInstanceOf(BufferOverflowException.class);
    }

    @Test
    void aReusedEncoderWritesEachDraftsOwnHostsAndTopic() {
        MessageRecordEncoder encoder = new MessageRecordEncoder();
        MessageDraft[] drafts = {
            draft().bornHost(null).storeHost(null).topic("A"),
            draft().bornHost(BORN_V4).storeHost(STORE_V4).topic("A"),
            draft().bornHost(BORN_V6).storeHost(STORE_V4).topic("B"),
            draft().bornHost(null).storeHost(STORE_V6).topic("B"),
            draft().bornHost(v4(10, 0, 0, 7, 54321)).storeHost(InetSocketAddress.createUnresolved("x.invalid", 9))
                    .topic("%RETRY%" + "c".repeat(130)),
            draft().bornHost(BORN_V4).storeHost(STORE_V4).topic("A"),
        };
        InetSocketAddress zero = v4(0, 0, 0, 0, 0);
        InetSocketAddress[][] expectedHosts = {
            {zero, zero}, {BORN_V4, STORE_V4}, {BORN_V6, STORE_V4}, {zero, STORE_V6},
            {BORN_V4, v4(0, 0, 0, 0, 9)}, {BORN_V4, STORE_V4}};
        ByteBuffer log = ByteBuffer.allocate(4096);
        int[] offsets = new int[drafts.length];

        for (int i = 0; i < drafts.length; i++) {
            offsets[i] = log.position();
            assertThat(encoder.encode(drafts[i], log)).isEqualTo(MessageRecordEncoder.encodedSize(drafts[i]));
        }

        MessageRecord record = new MessageRecord();
        for (int i = 0; i < drafts.length; i++) {
            record.wrap(log, offsets[i]);
            assertThat(record.bornHost()).as("born host of #%d", i).isEqualTo(expectedHosts[i][0]);
            assertThat(record.storeHost()).as("store host of #%d", i).isEqualTo(expectedHosts[i][1]);
            assertThat(record.topic()).as("topic of #%d", i).isEqualTo(drafts[i].topic());
            assertThat(record.sysFlag() & (SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6))
                    .isEqualTo((expectedHosts[i][0].getAddress().getAddress().length == 16 ? SysFlag.BORNHOST_V6 : 0)
                            | (expectedHosts[i][1].getAddress().getAddress().length == 16 ? SysFlag.STOREHOST_V6 : 0));
            assertThat(new RecordValidator().validate(log, offsets[i], log.capacity(), -1, true))
                    .isEqualTo(RecordValidator.Verdict.RECORD);
        }
    }

    @Test
    void encoderIsReusableAcrossRecords() {
        MessageRecordEncoder encoder = new MessageRecordEncoder();
        MessageDraft a = draft().body(new byte[] {1, 2, 3});
        MessageDraft b = draft().body(new byte[] {4, 5, 6, 7});
        ByteBuffer first = ByteBuffer.allocate(512);
        ByteBuffer second = ByteBuffer.allocate(512);

        encoder.encode(a, first);
        encoder.encode(b, second);

        assertThat(new MessageRecord().wrap(second, 0).bodyCrc()).isEqualTo(maskedCrc(new byte[] {4, 5, 6, 7}));
        assertThat(new MessageRecord().wrap(first, 0).bodyCrc()).isEqualTo(maskedCrc(new byte[] {1, 2, 3}));
    }
}
