package io.msgframe.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.msgframe.protocol.message.RecordValidator.Verdict;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The validator must classify any bytes, never throw: it is what recovery runs on torn or corrupt files. */
class RecordValidatorPropertyTest {

    record Corruption(int position, int value) {
    }

    @Provide
    Arbitrary<List<Corruption>> corruptions() {
        // Overwrite whole ints, mostly in the fixed header and length fields, with random or boundary values.
        Arbitrary<Integer> positions = Arbitraries.oneOf(
                Arbitraries.of(0, 4, 8, 36, 84, 88, 92, 93, 100, 103),
                Arbitraries.integers().between(0, 160));
        Arbitrary<Integer> values = Arbitraries.oneOf(
                Arbitraries.integers(),
                Arbitraries.of(0, -1, 1, 91, 126, Integer.MIN_VALUE, Integer.MAX_VALUE, MagicCode.V1, MagicCode.V2,
                        MagicCode.BLANK, SysFlag.BORNHOST_V6, SysFlag.STOREHOST_V6,
                        SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6));
        return Combinators.combine(positions, values).as(Corruption::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property
    void classifiesCorruptedRecordsWithoutThrowing(@ForAll("corruptions") List<Corruption> corruptions,
                                                   @ForAll @IntRange(min = 0, max = 200) int slack,
                                                   @ForAll boolean verifyCrc) {
        MessageDraft draft = TestRecords.draft();
        int size = MessageRecordEncoder.encodedSize(draft); // 126
        ByteBuffer file = ByteBuffer.allocate(size + slack);
        new MessageRecordEncoder().encode(draft, file);
        for (Corruption c : corruptions) {
            if (c.position() + 4 <= file.capacity()) {
                file.putInt(c.position(), c.value());
            }
        }
        RecordValidator validator = new RecordValidator();

        Verdict verdict = validator.validate(file, 0, file.capacity(), -1, verifyCrc);

        switch (verdict) {
            case INVALID -> assertThat(validator.reason()).isNotBlank();
            case BLANK -> assertThat(validator.size()).isEqualTo(file.capacity());
            case END_OF_DATA -> assertThat(file.getLong(0)).isZero();
            case RECORD -> {
                assertThat(validator.size()).isBetween(MessageRecord.MIN_RECORD_SIZE, file.capacity());
                // A record the validator accepts can be read field by field without leaving it.
                MessageRecord record = new MessageRecord().wrap(file.slice(0, validator.size()), 0);
                assertThatCode(() -> {
                    record.bodyBytes();
                    record.topic();
                    record.properties();
                    record.preparedTransactionOffset();
                    record.reconsumeTimes();
                    record.storeTimestamp();
                }).doesNotThrowAnyException();
                // Host ports are not covered by any check: a corrupt one may only fail as an invalid port.
                assertThatCode(() -> {
                    try {
                        record.bornHost();
                        record.storeHost();
                    } catch (IllegalArgumentException e) {
                        assertThat(e).hasMessageContaining("port out of range");
                    }
                }).doesNotThrowAnyException();
            }
        }
    }

    @Property
    void classifiesRandomBytesWithoutThrowing(@ForAll @Size(min = 0, max = 400) byte[] bytes,
                                              @ForAll @IntRange(min = 0, max = 400) int offset,
                                              @ForAll boolean forceRecordMagic,
                                              @ForAll boolean verifyCrc) {
        ByteBuffer file = ByteBuffer.wrap(bytes);
        int at = Math.min(offset, bytes.length);
        if (forceRecordMagic && at + 8 <= bytes.length) {
            file.putInt(at + 4, MagicCode.V1);
        }

        RecordValidator validator = new RecordValidator();
        Verdict verdict = validator.validate(file, at, bytes.length, -1, verifyCrc);

        assertThat(verdict).isNotNull();
        if (verdict == Verdict.RECORD) {
            assertThat(at + validator.size()).isLessThanOrEqualTo(bytes.length);
        }
    }

    @Property
    void neverAcceptsARecordThatExtendsPastTheLimit(@ForAll @IntRange(min = 0, max = 125) int cut,
                                                    @ForAll boolean verifyCrc) {
        ByteBuffer file = TestRecords.encodeAndPatch(TestRecords.draft());

        Verdict verdict = new RecordValidator().validate(file, 0, cut, -1, verifyCrc);

        assertThat(verdict).isEqualTo(Verdict.INVALID);
    }
}
