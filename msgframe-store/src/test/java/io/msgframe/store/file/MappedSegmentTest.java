package io.msgframe.store.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappedSegmentTest {
    private static final int SIZE = 4 * MappedSegment.PAGE_SIZE;

    @TempDir
    Path dir;

    private static ByteBuffer bytes(int length, int value) {
        ByteBuffer b = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            b.put((byte) value);
        }
        return b.flip();
    }

    @Test
    void fileNameIsTheStartOffsetAsTwentyZeroPaddedDigits() {
        assertThat(MappedSegment.fileName(0)).isEqualTo("00000000000000000000");
        assertThat(MappedSegment.fileName(1L << 30)).isEqualTo("00000000001073741824");
        assertThat(MappedSegment.fileName(6_000_000)).isEqualTo("00000000000006000000");
        assertThat(MappedSegment.fileName(Long.MAX_VALUE)).isEqualTo("09223372036854775807").hasSize(20);
    }

    @Test
    void createMakesAFileOfTheSegmentSizeNamedByItsStartOffsetWithEmptyPositions() throws Exception {
        MappedSegment segment = MappedSegment.create(dir.resolve("sub"), 2L * SIZE, SIZE);
        try {
            assertThat(segment.path()).isEqualTo(dir.resolve("sub").resolve("00000000000000032768"));
            assertThat(Files.size(segment.path())).isEqualTo(SIZE);
            assertThat(segment.startOffset()).isEqualTo(2L * SIZE);
            assertThat(segment.endOffset()).isEqualTo(3L * SIZE);
            assertThat(segment.wrotePosition()).isZero();
            assertThat(segment.flushedPosition()).isZero();
            assertThat(segment.remaining()).isEqualTo(SIZE);
            assertThat(segment.isFull()).isFalse();
            assertThat(segment.isAvailable()).isTrue();
        } finally {
            segment.close();
        }
    }

    @Test
    void appendPublishesBytesAtTheWritePositionAndLeavesTheSourceUntouched() {
        MappedSegment segment = MappedSegment.create(dir, 0, SIZE);
        try {
            ByteBuffer src = bytes(100, 7);
            segment.append(src);
            segment.append(bytes(50, 9));

            assertThat(src.position()).isZero();
            assertThat(segment.wrotePosition()).isEqualTo(150);
            assertThat(segment.remaining()).isEqualTo(SIZE - 150);
            ByteBuffer view = segment.readView();
            assertThat(view.get(0)).isEqualTo((byte) 7);
            assertThat(view.get(99)).isEqualTo((byte) 7);
            assertThat(view.get(100)).isEqualTo((byte) 9);
            assertThat(view.get(150)).isZero();
        } finally {
            segment.close();
        }
    }

    @Test
    void flushForcesUpToTheWritePositionAndNeverPastIt() {
        MappedSegment segment = MappedSegment.create(dir, 0, SIZE);
        try {
            segment.append(bytes(1000, 1));
            assertThat(segment.dirtyPages()).isZero(); // still within page 0

            assertThat(segment.flush(0)).isEqualTo(1000);
            assertThat(segment.flushedPosition()).isEqualTo(1000);
            assertThat(segment.flushedPosition()).isLessThanOrEqualTo(segment.wrotePosition());
            assertThat(segment.flush(0)).isEqualTo(1000); // nothing new
        } finally {
            segment.close();
        }
    }

    @Test
    void flushWithMinPagesWaitsUntilEnoughPagesAreDirtyButAFullFileIsAlwaysForced() {
        MappedSegment segment = MappedSegment.create(dir, 0, SIZE);
        try {
            segment.append(bytes(MappedSegment.PAGE_SIZE + 10, 1));
            assertThat(segment.dirtyPages()).isEqualTo(1);
            assertThat(segment.flush(2)).isZero();
            assertThat(segment.flushedPosition()).isZero();

            segment.append(bytes(MappedSegment.PAGE_SIZE, 2));
            assertThat(segment.dirtyPages()).isEqualTo(2);
            assertThat(segment.flush(2)).isEqualTo(2 * MappedSegment.PAGE_SIZE + 10);

            segment.append(bytes(SIZE - segment.wrotePosition(), 3));
            assertThat(segment.isFull()).isTrue();
            assertThat(segment.flush(100)).isEqualTo(SIZE);
        } finally {
            segment.close();
        }
    }

    @Test
    void sliceIsAReadOnlyDirectViewOfTheMappedBytes() {
        MappedSegment segment = MappedSegment.create(dir, SIZE, SIZE);
        try {
            segment.append(bytes(10, 1));
            segment.append(bytes(20, 2));
            try (SegmentSlice slice = segment.slice(10, 20)) {
                assertThat(slice.logOffset()).isEqualTo(SIZE + 10);
                assertThat(slice.length()).isEqualTo(20);
                ByteBuffer b = slice.buffer();
                assertThat(b.isDirect()).isTrue();
                assertThat(b.isReadOnly()).isTrue();
                assertThat(b.position()).isZero();
                assertThat(b.limit()).isEqualTo(20);
                assertThat(b.get(0)).isEqualTo((byte) 2);
                assertThat(b.get(19)).isEqualTo((byte) 2);
            }
        } finally {
            segment.close();
        }
    }

    @Test
    void destroyWaitsForOpenSlicesAndDeletesTheFileWhenTheLastOneCloses() {
        MappedSegment segment = MappedSegment.create(dir, 0, SIZE);
        segment.append(bytes(64, 5));
        SegmentSlice slice = segment.slice(0, 64);

        assertThat(segment.destroy(60_000, 1_000)).isFalse();
        assertThat(segment.isAvailable()).isFalse();
        assertThat(Files.exists(segment.path())).isTrue();
        assertThat(slice.buffer().get(63)).isEqualTo((byte) 5); // still mapped
        assertThat(segment.slice(0, 8)).as("no new readers once destroyed").isNull();
        assertThat(segment.retain()).isFalse();

        slice.close();
        assertThat(Files.exists(segment.path())).isFalse();
        assertThat(segment.destroy(60_000, 2_000)).isTrue();
        slice.close(); // idempotent: no second release
    }

    @Test
    void destroyDeletesTheFileAfterTheGraceTimeEvenWithAReaderButLeavesItsMapping() {
        MappedSegment segment = MappedSegment.create(dir, 0, SIZE);
        segment.append(bytes(64, 5));
        SegmentSlice slice = segment.slice(0, 64);

        assertThat(segment.destroy(100, 1_000)).isFalse();
        assertThat(segment.destroy(100, 1_050)).isFalse();
        assertThat(segment.destroy(100, 1_100)).isTrue();
        assertThat(Files.exists(segment.path())).isFalse();
        assertThat(slice.buffer().get(0)).isEqualTo((byte) 5);
        slice.close();
    }

    @Test
    void destroyWithoutReadersDeletesAtOnce() {
        MappedSegment segment = MappedSegment.create(dir, 0, SIZE);
        assertThat(segment.destroy(60_000, 0)).isTrue();
        assertThat(Files.exists(segment.path())).isFalse();
    }

    @Test
    void closingASegmentWhileASliceIsOpenKeepsTheFileOnDisk() {
        MappedSegment segment = MappedSegment.create(dir, 0, SIZE);
        segment.append(bytes(64, 5));
        SegmentSlice slice = segment.slice(0, 64);

        segment.close(); // shutdown with a reader still holding a slice
        assertThat(slice.buffer().get(0)).isEqualTo((byte) 5);
        slice.close();

        assertThat(Files.exists(segment.path())).as("close must never delete data").isTrue();
    }

    @Test
    void zeroFromClearsTheTailAndPullsPositionsBack() throws Exception {
        MappedSegment segment = MappedSegment.create(dir, 0, SIZE);
        try {
            segment.append(bytes(3000, 7));
            segment.flush(0);
            segment.zeroFrom(1000);

            assertThat(segment.wrotePosition()).isEqualTo(1000);
            assertThat(segment.flushedPosition()).isEqualTo(1000);
            assertThat(Files.size(segment.path())).isEqualTo(SIZE);
            ByteBuffer view = segment.readView();
            assertThat(view.get(999)).isEqualTo((byte) 7);
            for (int p = 1000; p < 3000; p++) {
                assertThat(view.get(p)).isZero();
            }
            byte[] onDisk = Files.readAllBytes(segment.path());
            assertThat(onDisk[999]).isEqualTo((byte) 7);
            assertThat(onDisk[1000]).isZero();
        } finally {
            segment.close();
        }
    }

    @Test
    void openExtendsAShortFileWithZerosAndRejectsALargerOne() throws Exception {
        Path shortFile = dir.resolve(MappedSegment.fileName(0));
        Files.write(shortFile, new byte[]{1, 2, 3});
        MappedSegment segment = MappedSegment.open(shortFile, 0, SIZE);
        try {
            assertThat(Files.size(shortFile)).isEqualTo(SIZE);
            assertThat(segment.readView().get(2)).isEqualTo((byte) 3);
            assertThat(segment.readView().get(3)).isZero();
        } finally {
            segment.close();
        }

        Path longFile = dir.resolve(MappedSegment.fileName(SIZE));
        Files.write(longFile, new byte[SIZE + 1]);
        assertThatThrownBy(() -> MappedSegment.open(longFile, SIZE, SIZE))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(longFile.toString());
    }

    @Test
    void reopeningKeepsTheBytesWrittenBefore() {
        MappedSegment first = MappedSegment.create(dir, 0, SIZE);
        first.append(bytes(10, 42));
        first.flush(0);
        first.close();

        MappedSegment again = MappedSegment.create(dir, 0, SIZE);
        try {
            assertThat(again.readView().get(9)).isEqualTo((byte) 42);
            assertThat(again.wrotePosition()).as("positions are set by recovery, not by open").isZero();
        } finally {
            again.close();
        }
    }
}
