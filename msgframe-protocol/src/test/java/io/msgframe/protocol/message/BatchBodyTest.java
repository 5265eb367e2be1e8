package io.msgframe.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchBodyTest {

    private static final String PROPS_A = "UNIQ_KEY\u0001A1\u0002WAIT\u0001true\u0002";
    private static final String PROPS_C = "TAGS\u0001标签\u0002KEYS\u0001k1 k2\u0002";

    private static ByteBuffer threeEntries() {
        ByteBuffer dst = ByteBuffer.allocate(1024);
        BatchBody.writeEntry(dst, 11, ByteBuffer.wrap(new byte[] {1, 2, 3}), PROPS_A);
        BatchBody.writeEntry(dst, -1, ByteBuffer.allocate(0), "");
        BatchBody.writeEntry(dst, Integer.MAX_VALUE, ByteBuffer.wrap(new byte[300]), PROPS_C);
        return dst.flip();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static void assertMalformed(ByteBuffer batch, ThrowingConsumer<BatchBody> beforeFailure) throws Throwable {
        BatchBody reader = new BatchBody(batch);
        beforeFailure.accept(reader);
        assertThatThrownBy(reader::next)
                .isInstanceOfSatisfying(MessageFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(MessageFormatException.Reason.MALFORMED_BATCH))
                .hasMessageContaining("malformed batch");
    }

    private static void assertFirstEntryMalformed(ByteBuffer batch) throws Throwable {
        assertMalformed(batch, reader -> assertThat(reader.hasNext()).isTrue());
    }

    @Test
    void writesAnEntryInTheReferenceLayout() {
        ByteBuffer dst = ByteBuffer.allocate(64);
        byte[] props = "k\u0001v\u0002".getBytes(StandardCharsets.UTF_8);

        BatchBody.writeEntry(dst, 0x01020304, ByteBuffer.wrap(new byte[] {9, 8}), "k\u0001v\u0002");

        ByteBuffer expected = ByteBuffer.allocate(22 + 2 + 4);
        expected.putInt(28).putInt(0).putInt(0).putInt(0x01020304).putInt(2).put(new byte[] {9, 8})
                .putShort((short) 4).put(props);
        assertThat(dst.position()).isEqualTo(28);
        assertThat(Arrays.copyOf(dst.array(), 28)).isEqualTo(expected.array());
    }

    @Test
    void writeEntryDoesNotConsumeTheBody() {
        ByteBuffer body = ByteBuffer.wrap(new byte[] {0, 5, 6, 0});
        body.position(1).limit(3);

        BatchBody.writeEntry(ByteBuffer.allocate(64), 0, body, "");

        assertThat(body.position()).isEqualTo(1);
        assertThat(body.remaining()).isEqualTo(2);
    }

    @Test
    void readsBackSeveralEntriesWithTheirFlagsBodiesAndProperties() {
        BatchBody reader = new BatchBody(threeEntries());

        assertThat(reader.hasNext()).isTrue();
        reader.next();
        assertThat(reader.flag()).isEqualTo(11);
        assertThat(bytes(reader.body())).containsExactly(1, 2, 3);
        assertThat(reader.properties()).isEqualTo(PROPS_A);
        assertThat(MessageProperties.find(reader.properties(), PropertyKeys.UNIQ_KEY)).isEqualTo("A1");

        assertThat(reader.hasNext()).isTrue();
        reader.next();
        assertThat(reader.flag()).isEqualTo(-1);
        assertThat(reader.body().remaining()).isZero();
        assertThat(reader.properties()).isEmpty();

        assertThat(reader.hasNext()).isTrue();
        reader.next();
        assertThat(reader.flag()).isEqualTo(Integer.MAX_VALUE);
        assertThat(bytes(reader.body())).hasSize(300).containsOnly(0);
        assertThat(reader.properties()).isEqualTo(PROPS_C);
        assertThat(MessageProperties.decode(reader.properties())).containsEntry("TAGS", "标签");

        assertThat(reader.hasNext()).isFalse();
    }

    @Test
    void entryBodyIsAViewStartingAtPositionZero() {
        BatchBody reader = new BatchBody(threeEntries());
        reader.next();

        ByteBuffer body = reader.body();

        assertThat(body.position()).isZero();
        assertThat(body.limit()).isEqualTo(3);
        assertThat(body.get(0)).isEqualTo((byte) 1);
    }

    @Test
    void readsFromThePositionOfTheGivenBufferAndLeavesItUntouched() {
        ByteBuffer batch = ByteBuffer.allocate(200);
        batch.put(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        BatchBody.writeEntry(batch, 5, ByteBuffer.wrap(new byte[] {7}), "a\u0001b\u0002");
        batch.flip().position(3);

        BatchBody reader = new BatchBody(batch);
        reader.next();

        assertThat(reader.flag()).isEqualTo(5);
        assertThat(bytes(reader.body())).containsExactly(7);
        assertThat(reader.properties()).isEqualTo("a\u0001b\u0002");
        assertThat(reader.hasNext()).isFalse();
        assertThat(batch.position()).isEqualTo(3);
    }

    @Test
    void anEmptyBodyHasNoEntries() {
        assertThat(new BatchBody(ByteBuffer.allocate(0)).hasNext()).isFalse();
    }

    @Test
    void readsADirectBuffer() {
        ByteBuffer heap = threeEntries();
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining()).put(heap).flip();
        BatchBody reader = new BatchBody(direct);
        int entries = 0;
        while (reader.hasNext()) {
            reader.next();
            entries++;
        }
        assertThat(entries).isEqualTo(3);
        assertThat(reader.properties()).isEqualTo(PROPS_C);
    }

    @Test
    void rejectsAnEntryTruncatedInItsProperties() throws Throwable {
        ByteBuffer batch = threeEntries();
        batch.limit(batch.limit() - 1);

        assertMalformed(batch, reader -> {
            reader.next();
            reader.next();
            assertThat(reader.hasNext()).isTrue();
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 16, 21})
    void rejectsATrailingFragmentShorterThanAnEntryHeader(int fragment) throws Throwable {
        ByteBuffer batch = ByteBuffer.allocate(100);
        BatchBody.writeEntry(batch, 1, ByteBuffer.wrap(new byte[] {1}), "");
        batch.put(new byte[fragment]).flip();

        assertMalformed(batch, BatchBody::next);
    }

    @Test
    void rejectsASizeFieldLargerThanTheBody() throws Throwable {
        ByteBuffer batch = threeEntries();
        batch.putInt(0, batch.limit() + 1);

        assertFirstEntryMalformed(batch);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1})
    void rejectsASizeFieldThatLiesByOneByte(int delta) throws Throwable {
        ByteBuffer batch = threeEntries();
        batch.putInt(0, batch.getInt(0) + delta);

        assertFirstEntryMalformed(batch);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 21, -22, Integer.MIN_VALUE})
    void rejectsASizeFieldSmallerThanAnEntryHeader(int size) throws Throwable {
        ByteBuffer batch = threeEntries();
        batch.putInt(0, size);

        assertFirstEntryMalformed(batch);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE, 4, 100, Integer.MAX_VALUE})
    void rejectsABodyLengthThatDoesNotMatchTheEntry(int bodyLength) throws Throwable {
        ByteBuffer batch = threeEntries(); // first body is 3 bytes
        batch.putInt(16, bodyLength);

        assertFirstEntryMalformed(batch);
    }

    @Test
    void rejectsABodyLengthTooShortByOne() throws Throwable {
        ByteBuffer batch = threeEntries();
        batch.putInt(16, 2);

        assertFirstEntryMalformed(batch);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 21, 23, 0xFFFF})
    void rejectsAPropertiesLengthThatDoesNotAddUp(int propertiesLength) throws Throwable {
        ByteBuffer batch = threeEntries(); // first entry: body 3 bytes, properties 22 bytes at 20 + 3
        assertThat(batch.getShort(23)).isEqualTo((short) 22);
        batch.putShort(23, (short) propertiesLength);

        assertFirstEntryMalformed(batch);
    }

    @Test
    void rejectsALaterMalformedEntryAfterReadingTheGoodOnes() throws Throwable {
        ByteBuffer batch = threeEntries();
        int second = batch.getInt(0);
        batch.putInt(second, 1000);

        assertMalformed(batch, reader -> {
            reader.next();
            assertThat(reader.flag()).isEqualTo(11);
        });
    }

    @Test
    void rejectsGarbageOfAnyLength() throws Throwable {
        for (int length = 1; length < 64; length++) {
            byte[] garbage = new byte[length];
            Arrays.fill(garbage, (byte) 0x7F);
            assertFirstEntryMalformed(ByteBuffer.wrap(garbage));
        }
    }
}
