package io.msgframe.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class BatchBodyPropertyTest {

    record Entry(int flag, byte[] body, String properties) {
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0003', '\uD7FF').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> properties = Arbitraries.maps(text, text).ofMaxSize(5).map(MessageProperties::encode);
        return Combinators.combine(Arbitraries.integers(),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(512), properties)
                .as(Entry::new).list().ofMinSize(1).ofMaxSize(10);
    }

    private static ByteBuffer write(List<Entry> entries) {
        ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
        for (Entry e : entries) {
            BatchBody.writeEntry(dst, e.flag(), ByteBuffer.wrap(e.body()), e.properties());
        }
        return dst.flip();
    }

    /** Reads all entries; a malformed batch may only end in MessageFormatException(MALFORMED_BATCH). */
    private static List<Entry> readAll(ByteBuffer batch) {
        BatchBody reader = new BatchBody(batch);
        List<Entry> read = new ArrayList<>();
        while (reader.hasNext()) {
            reader.next();
            ByteBuffer body = reader.body();
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            read.add(new Entry(reader.flag(), bytes, reader.properties()));
        }
        return read;
    }

    private static void assertReadsOrRejectsCleanly(ByteBuffer batch) {
        try {
            readAll(batch);
        } catch (MessageFormatException e) {
            assertThat(e.reason()).isEqualTo(MessageFormatException.Reason.MALFORMED_BATCH);
        } catch (RuntimeException e) {
            fail("a malformed batch must throw MessageFormatException, not " + e, e);
        }
    }

    @Property
    void readsBackEveryEntryWritten(@ForAll("entries") List<Entry> entries) {
        List<Entry> read = readAll(write(entries));

        assertThat(read).hasSameSizeAs(entries);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(read.get(i).flag()).isEqualTo(entries.get(i).flag());
            assertThat(read.get(i).body()).isEqualTo(entries.get(i).body());
            assertThat(read.get(i).properties()).isEqualTo(entries.get(i).properties());
        }
    }

    @Property
    void aTruncatedBatchIsRejectedWithMalformedBatch(@ForAll("entries") List<Entry> entries,
                                                     @ForAll @IntRange(min = 1, max = 100_000) int cut) {
        ByteBuffer batch = write(entries);
        batch.limit(batch.limit() - 1 - cut % batch.limit());

        try {
            readAll(batch);
            // Only a cut exactly between two entries leaves a well-formed (shorter) batch.
            int boundary = 0;
            List<Integer> boundaries = new ArrayList<>(List.of(0));
            for (Entry e : entries) {
                boundary += BatchBody.ENTRY_OVERHEAD + e.body().length
                        + e.properties().getBytes(StandardCharsets.UTF_8).length;
                boundaries.add(boundary);
            }
            assertThat(boundaries).as("cut at %d", batch.limit()).contains(batch.limit());
        } catch (MessageFormatException e) {
            assertThat(e.reason()).isEqualTo(MessageFormatException.Reason.MALFORMED_BATCH);
        }
    }

    record Corruption(int position, int value) {
    }

    record CorruptedBatch(List<Entry> entries, List<Corruption> corruptions) {
    }

    @Provide
    Arbitrary<CorruptedBatch> corruptedBatches() {
        // One parameter: jqwik 1.9.3 can fail shrinking two list parameters of different element types.
        Arbitrary<Corruption> corruption = Combinators.combine(
                Arbitraries.integers().between(0, 100_000),
                Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(0, -1, 1, 21, 22, 23, 0xFFFF, 0x10000,
                        Integer.MIN_VALUE, Integer.MAX_VALUE)))
                .as(Corruption::new);
        return Combinators.combine(entries(), corruption.list().ofMinSize(1).ofMaxSize(4)).as(CorruptedBatch::new);
    }

    @Property
    void corruptedLengthFieldsNeverCauseAnythingButMalformedBatch(@ForAll("corruptedBatches") CorruptedBatch input) {
        ByteBuffer batch = write(input.entries());
        for (Corruption c : input.corruptions()) {
            int at = c.position() % batch.limit();
            if (at + 4 <= batch.limit()) {
                batch.putInt(at, c.value());
            } else {
                batch.put(at, (byte) c.value());
            }
        }

        assertReadsOrRejectsCleanly(batch);
    }

    @Property
    void randomBytesNeverCauseAnythingButMalformedBatch(@ForAll @Size(max = 300) byte[] bytes,
                                                        @ForAll @IntRange(min = 0, max = 300) int size,
                                                        @ForAll boolean plantSize) {
        byte[] copy = Arrays.copyOf(bytes, bytes.length);
        if (plantSize && copy.length >= 4) {
            ByteBuffer.wrap(copy).putInt(0, Math.max(size, 0));
        }

        assertReadsOrRejectsCleanly(ByteBuffer.wrap(copy));
    }
}
