package io.msgframe.protocol.message;

import static io.msgframe.protocol.message.TestRecords.draft;
import static io.msgframe.protocol.message.TestRecords.v6;
import static org.assertj.core.api.Assertions.assertThat;

import io.msgframe.protocol.message.RecordValidator.Verdict;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordValidatorTest {

    private final RecordValidator validator = new RecordValidator();

    /** A 1 KiB "file" holding one record of {@code draft} at {@code at}, its physical offset patched to {@code at}. */
    private static ByteBuffer fileWithRecordAt(MessageDraft draft, int at) {
        ByteBuffer file = ByteBuffer.allocate(1024);
        file.position(at);
        new MessageRecordEncoder().encode(draft, file);
        MessageRecord.putPhysicalOffset(file, at, at);
        MessageRecord.putQueueOffset(file, at, 7);
        MessageRecord.putStoreTimestamp(file, at, 1234);
        return file.clear();
    }

    private Verdict validateRecordAt(ByteBuffer file, int at) {
        return validator.validate(file, at, file.capacity(), at, true);
    }

    @Test
    void acceptsAWellFormedRecordAndReportsItsSize() {
        ByteBuffer file = fileWithRecordAt(draft(), 100);

        assertThat(validateRecordAt(file, 100)).isEqualTo(Verdict.RECORD);
        assertThat(validator.size()).isEqualTo(MessageRecordEncoder.encodedSize(draft()));
        assertThat(validator.reason()).isNull();
    }

    @Test
    void acceptsARecordThatEndsExactlyAtTheLimit() {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        int size = MessageRecordEncoder.encodedSize(draft());

        assertThat(validator.validate(file, 0, size, 0, true)).isEqualTo(Verdict.RECORD);
    }

    @Test
    void acceptsV2RecordsAndIpv6Hosts() {
        MessageDraft draft = draft().topic("%RETRY%" + "c".repeat(200))
                .bornHost(v6("2001:db8::1", 1)).storeHost(v6("2001:db8::2", 2));
        ByteBuffer file = fileWithRecordAt(draft, 8);

        assertThat(validateRecordAt(file, 8)).isEqualTo(Verdict.RECORD);
        assertThat(validator.size()).isEqualTo(91 + 1 + 24 + 5 + 207 + 21);
    }

    @Test
    void returnsEndOfDataOnZeroBytes() {
        ByteBuffer file = ByteBuffer.allocate(1024);

        assertThat(validator.validate(file, 0, 1024, 0, true)).isEqualTo(Verdict.END_OF_DATA);
        assertThat(validator.validate(file, 512, 1024, 512, true)).isEqualTo(Verdict.END_OF_DATA);
        assertThat(validator.validate(file, 1016, 1024, 1016, true)).isEqualTo(Verdict.END_OF_DATA);
        assertThat(validator.size()).isZero();
    }

    @Test
    void returnsEndOfDataRightAfterTheLastRecord() {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        int size = MessageRecordEncoder.encodedSize(draft());

        assertThat(validator.validate(file, size, 1024, size, true)).isEqualTo(Verdict.END_OF_DATA);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7})
    void isInvalidWithFewerThan8BytesLeft(int left) {
        ByteBuffer file = ByteBuffer.allocate(64);

        assertThat(validator.validate(file, 64 - left, 64, -1, false)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("fewer than 8 bytes");
    }

    @Test
    void acceptsABlankMarkerWhoseSizeIsTheRestOfTheFile() {
        ByteBuffer file = ByteBuffer.allocate(1024);
        file.putInt(1000, 24).putInt(1004, MagicCode.BLANK);

        assertThat(validator.validate(file, 1000, 1024, 1000, true)).isEqualTo(Verdict.BLANK);
        assertThat(validator.size()).isEqualTo(24);
        assertThat(validator.reason()).isNull();
    }

    @Test
    void acceptsABlankMarkerOfExactly8BytesAtTheVeryEnd() {
        ByteBuffer file = ByteBuffer.allocate(64);
        file.putInt(56, 8).putInt(60, 0xCBD43194);

        assertThat(validator.validate(file, 56, 64, 56, true)).isEqualTo(Verdict.BLANK);
        assertThat(validator.size()).isEqualTo(8);
    }

    @ParameterizedTest
    @ValueSource(ints = {23, 25, 0, 8, -24, 1_000_000})
    void rejectsABlankMarkerWhoseSizeIsNotTheRestOfTheFile(int declared) {
        ByteBuffer file = ByteBuffer.allocate(1024);
        file.putInt(1000, declared).putInt(1004, MagicCode.BLANK);

        assertThat(validator.validate(file, 1000, 1024, 1000, true)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("blank");
        assertThat(validator.size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 0x12345678, 0xDAA320A8, 0xDAA320A6, 0xCBD43195})
    void rejectsABadMagicCode(int magic) {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        file.putInt(4, magic);

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("magic");
    }

    @Test
    void rejectsATotalSizeBeyondTheLimit() {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        int size = MessageRecordEncoder.encodedSize(draft());

        assertThat(validator.validate(file, 0, size - 1, 0, false)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("total size");

        file.putInt(0, 2000);
        assertThat(validator.validate(file, 0, 1024, 0, false)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("total size 2000");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE, 1, 8, 90})
    void rejectsATotalSizeBelowTheSmallestRecord(int totalSize) {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        file.putInt(0, totalSize);

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("total size");
    }

    @Test
    void rejectsATotalSizeLargerThanTheFieldsAddUpTo() {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        int size = MessageRecordEncoder.encodedSize(draft());
        file.putInt(0, size + 1);

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("add up to " + size);
    }

    @Test
    void rejectsATotalSizeSmallerThanTheFieldsAddUpTo() {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        int size = MessageRecordEncoder.encodedSize(draft());
        file.putInt(0, size - 1);

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE, 1000, Integer.MAX_VALUE})
    void rejectsABodyLengthThatDoesNotFit(int bodyLength) {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        file.putInt(84, bodyLength);

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("body length " + bodyLength);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void rejectsABodyLengthThatShiftsTheOtherFields(int bodyLength) {
        ByteBuffer file = fileWithRecordAt(draft(), 0); // real body length 5
        file.putInt(84, bodyLength);

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 10, 255})
    void rejectsATopicLengthThatDoesNotAddUp(int topicLength) {
        ByteBuffer file = fileWithRecordAt(draft(), 0); // topic "TopicTest", 9 bytes, at 88 + 5
        file.put(93, (byte) topicLength);

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 20, 22, 0xFFFF})
    void rejectsAPropertiesLengthThatDoesNotAddUp(int propertiesLength) {
        ByteBuffer file = fileWithRecordAt(draft(), 0); // properties of 21 bytes at 88 + 5 + 1 + 9
        file.putShort(103, (short) propertiesLength);

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("add up to");
    }

    @Test
    void rejectsAMagicThatDisagreesWithTheTopicLengthSize() {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        file.putInt(4, MagicCode.V2); // the 1-byte topic length would now be read as 2 bytes

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void rejectsAHostFlagThatDisagreesWithTheLayout() {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        file.putInt(36, file.getInt(36) | SysFlag.BORNHOST_V6);

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void rejectsAStoredPhysicalOffsetThatIsNotTheRecordsPosition() {
        ByteBuffer file = fileWithRecordAt(draft(), 40);
        MessageRecord.putPhysicalOffset(file, 40, 41);

        assertThat(validator.validate(file, 40, 1024, 40, false)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("physical offset 41").contains("40");
    }

    @Test
    void checksThePhysicalOffsetAgainstTheCommitLogOffsetNotTheBufferIndex() {
        ByteBuffer file = fileWithRecordAt(draft(), 40);
        long fileStart = 1L << 30;
        MessageRecord.putPhysicalOffset(file, 40, fileStart + 40);

        assertThat(validator.validate(file, 40, 1024, fileStart + 40, true)).isEqualTo(Verdict.RECORD);
        assertThat(validator.validate(file, 40, 1024, 40, true)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void skipsThePhysicalOffsetCheckWhenExpectedIsMinusOne() {
        ByteBuffer file = fileWithRecordAt(draft(), 40);
        MessageRecord.putPhysicalOffset(file, 40, 999_999);

        assertThat(validator.validate(file, 40, 1024, -1, true)).isEqualTo(Verdict.RECORD);
    }

    @Test
    void rejectsABodyWhoseCrcDoesNotMatchOnlyWhenAskedToVerify() {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        file.put(90, (byte) (file.get(90) ^ 0x40));

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("CRC");
        assertThat(validator.validate(file, 0, 1024, 0, false)).isEqualTo(Verdict.RECORD);
    }

    @Test
    void rejectsACorruptStoredCrc() {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        file.putInt(8, file.getInt(8) + 1);

        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).contains("CRC");
    }

    @Test
    void bodyCrcIsTheMaskedCrc32OfTheRemainingBytesWithoutConsumingThem() {
        ByteBuffer body = ByteBuffer.wrap("xxhelloxx".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        body.position(2).limit(7);

        assertThat(RecordValidator.bodyCrc(body)).isEqualTo(0x3610A686);
        assertThat(body.position()).isEqualTo(2);
        // "123456789" has CRC-32 0xCBF43926: the top bit is masked off.
        assertThat(RecordValidator.bodyCrc(ByteBuffer.wrap("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
                .isEqualTo(0x4BF43926);
    }

    @ParameterizedTest
    @ValueSource(ints = {SysFlag.BORNHOST_V6, SysFlag.STOREHOST_V6, SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6})
    void reportsInvalidRatherThanThrowingWhenIpv6HostsPushFieldsPastAShortRecordAtTheEndOfTheBuffer(int hostFlags) {
        // A torn tail: 91 bytes claiming to be a record, with host flags that would put BODYLENGTH past them.
        ByteBuffer file = ByteBuffer.allocate(91);
        file.putInt(0, 91).putInt(4, MagicCode.V1).putInt(36, hostFlags);

        assertThat(validator.validate(file, 0, 91, -1, true)).isEqualTo(Verdict.INVALID);
        assertThat(validator.reason()).isNotBlank();
    }

    @Test
    void resetsSizeAndReasonOnEachCall() {
        ByteBuffer file = fileWithRecordAt(draft(), 0);
        file.putInt(4, 0x12345678);
        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.INVALID);

        file.putInt(4, MagicCode.V1);
        assertThat(validateRecordAt(file, 0)).isEqualTo(Verdict.RECORD);
        assertThat(validator.reason()).isNull();
        assertThat(validator.size()).isPositive();

        assertThat(validator.validate(ByteBuffer.allocate(8), 0, 8, 0, true)).isEqualTo(Verdict.END_OF_DATA);
        assertThat(validator.size()).isZero();
        assertThat(validator.reason()).isNull();
    }

    @Test
    void walksAFileOfRecordsThenABlankMarkerAsRecoveryWould() {
        int fileSize = 600;
        long fileStart = 3L * fileSize;
        ByteBuffer file = ByteBuffer.allocate(fileSize);
        MessageRecordEncoder encoder = new MessageRecordEncoder();
        List<Integer> written = new ArrayList<>();
        for (int i = 0; ; i++) {
            MessageDraft draft = draft().queueId(i).body(new byte[i * 10]);
            int size = MessageRecordEncoder.encodedSize(draft);
            int at = file.position();
            if (at + size + MagicCode.BLANK_SIZE > fileSize) {
                file.putInt(fileSize - at).putInt(MagicCode.BLANK);
                break;
            }
            encoder.encode(draft, file);
            MessageRecord.putPhysicalOffset(file, at, fileStart + at);
            written.add(at);
        }
        assertThat(written).hasSizeGreaterThan(2);

        List<Integer> found = new ArrayList<>();
        int at = 0;
        Verdict verdict;
        while ((verdict = validator.validate(file, at, fileSize, fileStart + at, true)) == Verdict.RECORD) {
            found.add(at);
            at += validator.size();
        }

        assertThat(verdict).isEqualTo(Verdict.BLANK);
        assertThat(at + validator.size()).isEqualTo(fileSize);
        assertThat(found).isEqualTo(written);
    }

    @Test
    void findsTheTornTailOfARecordCutBeforeItsPropertiesLengthLanded() {
        // Only lengths and the body CRC are checked: a record torn inside its properties string (after the
        // int16 length at 103..104) cannot be told apart, as in RocketMQ without the optional __CRC32# property.
        MessageDraft draft = draft();
        ByteBuffer full = fileWithRecordAt(draft, 0);

        for (int written = 8; written <= 104; written++) {
            ByteBuffer torn = ByteBuffer.allocate(1024);
            torn.put(0, full, 0, written);
            assertThat(validator.validate(torn, 0, 1024, 0, true))
                    .as("record torn after %d bytes", written)
                    .isEqualTo(Verdict.INVALID);
        }
    }
}
