package io.msgframe.store.file;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentedLogTest {
    private static final int SIZE = 4 * MappedSegment.PAGE_SIZE;

    @TempDir
    Path dir;

    private SegmentedLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private static ByteBuffer bytes(int length, int value) {
        ByteBuffer b = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            b.put((byte) value);
        }
        return b.flip();
    }

    /** Appends {@code length} bytes at the end of the log, rolling like a writer would. */
    private long write(int length, int value) {
        MappedSegment segment = log.lastOrCreate(0);
        if (length > segment.remaining()) {
            segment = log.roll();
        }
        long at = segment.startOffset() + segment.wrotePosition();
        segment.append(bytes(length, value));
        return at;
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void firstFileStartsAtTheSegmentAlignedOffsetAskedFor() throws Exception {
        log = new SegmentedLog(dir, SIZE, null);
        assertThat(log.isEmpty()).isTrue();
        assertThat(log.first()).isNull();
        assertThat(log.last()).isNull();
        assertThat(log.minOffset()).isZero();
        assertThat(log.maxOffset()).isZero();

        MappedSegment segment = log.lastOrCreate(3L * SIZE + 123);
        assertThat(segment.startOffset()).isEqualTo(3L * SIZE);
        assertThat(log.minOffset()).isEqualTo(3L * SIZE);
        assertThat(log.maxOffset()).isEqualTo(3L * SIZE);
        assertThat(fileNames()).containsExactly("00000000000000049152");
        assertThat(log.lastOrCreate(0)).isSameAs(segment);
    }

    @Test
    void rollClosesTheLastFileAndStartsTheNextAtItsEnd() throws Exception {
        log = new SegmentedLog(dir, SIZE, null);
        write(100, 1);
        MappedSegment first = log.last();
        MappedSegment next = log.roll();

        assertThat(first.wrotePosition()).isEqualTo(SIZE);
        assertThat(first.isFull()).isTrue();
        assertThat(next.startOffset()).isEqualTo(SIZE);
        assertThat(log.maxOffset()).isEqualTo(SIZE);
        assertThat(fileNames()).containsExactly("00000000000000000000", "00000000000000016384");
    }

    @Test
    void lastOrCreateStartsANewFileWhenTheLastIsFull() {
        log = new SegmentedLog(dir, SIZE, null);
        write(SIZE, 1);
        assertThat(log.last().isFull()).isTrue();
        MappedSegment next = log.lastOrCreate(0);
        assertThat(next.startOffset()).isEqualTo(SIZE);
        assertThat(log.segments()).hasSize(2);
    }

    @Test
    void findLocatesTheFileHoldingAnOffsetAcrossFiles() {
        log = new SegmentedLog(dir, SIZE, null);
        for (int i = 0; i < 3; i++) {
            write(SIZE, i);
        }
        assertThat(log.find(0).startOffset()).isZero();
        assertThat(log.find(SIZE - 1).startOffset()).isZero();
        assertThat(log.find(SIZE).startOffset()).isEqualTo(SIZE);
        assertThat(log.find(2L * SIZE + 5).startOffset()).isEqualTo(2L * SIZE);
        assertThat(log.find(3L * SIZE)).isNull();
        assertThat(log.find(-1)).isNull();
    }

    @Test
    void findReturnsNullBelowTheFirstFileAfterItWasRemoved() {
        log = new SegmentedLog(dir, SIZE, null);
        write(SIZE, 1);
        write(SIZE, 2);
        write(10, 3);
        assertThat(log.removeFirst(0, 0)).isTrue();

        assertThat(log.minOffset()).isEqualTo(SIZE);
        assertThat(log.find(10)).isNull();
        assertThat(log.find(SIZE + 10).startOffset()).isEqualTo(SIZE);
        assertThat(log.find(2L * SIZE + 5).startOffset()).isEqualTo(2L * SIZE);
    }

    @Test
    void flushAdvancesTheFlushedOffsetAcrossFilesAndNeverPastWhatIsWritten() {
        log = new SegmentedLog(dir, SIZE, null);
        write(SIZE - 100, 1);
        write(SIZE, 2); // rolls: [0, SIZE) then [SIZE, 2 SIZE)
        write(500, 3);
        long max = log.maxOffset();
        assertThat(max).isEqualTo(2L * SIZE + 500);
        assertThat(log.flushedOffset()).isZero();

        long flushed = log.flush(0);
        assertThat(flushed).isEqualTo(max);
        assertThat(log.flushedOffset()).isEqualTo(max);
        for (MappedSegment segment : log.segments()) {
            assertThat(segment.flushedPosition()).isEqualTo(segment.wrotePosition());
        }

        write(10, 4);
        assertThat(log.flushedOffset()).isLessThan(log.maxOffset());
        assertThat(log.flush(0)).isEqualTo(log.maxOffset());
    }

    @Test
    void flushWithMinPagesStopsAtAFileThatIsNotDue() {
        log = new SegmentedLog(dir, SIZE, null);
        write(SIZE, 1);
        write(100, 2);
        assertThat(log.flush(2)).as("the full first file is forced, the second has < 2 dirty pages")
                .isEqualTo(SIZE);
        assertThat(log.flushedOffset()).isLessThanOrEqualTo(log.maxOffset());
    }

    @Test
    void flushSkipsForwardWhenTheFlushedOffsetIsBelowTheFirstFile() {
        log = new SegmentedLog(dir, SIZE, null);
        log.lastOrCreate(5L * SIZE);
        write(100, 1);
        assertThat(log.flush(0)).isEqualTo(5L * SIZE + 100);
    }

    @Test
    void truncateDeletesLaterFilesAndZeroesTheTailOfTheFileHoldingTheOffset() throws Exception {
        log = new SegmentedLog(dir, SIZE, null);
        write(SIZE, 1);
        write(SIZE, 2);
        write(SIZE, 3);
        log.flush(0);
        long cut = SIZE + 1000;

        log.truncate(cut);

        assertThat(fileNames()).containsExactly("00000000000000000000", "00000000000000016384");
        assertThat(log.segments()).hasSize(2);
        assertThat(log.maxOffset()).isEqualTo(cut);
        assertThat(log.flushedOffset()).isEqualTo(cut);
        MappedSegment second = log.last();
        assertThat(second.wrotePosition()).isEqualTo(1000);
        assertThat(second.flushedPosition()).isEqualTo(1000);
        ByteBuffer view = second.readView();
        assertThat(view.get(999)).isEqualTo((byte) 2);
        assertThat(view.get(1000)).isZero();
        assertThat(view.get(SIZE - 1)).isZero();
        assertThat(Files.size(second.path())).isEqualTo(SIZE);
        assertThat(log.first().wrotePosition()).isEqualTo(SIZE);
    }

    @Test
    void truncateAtAFileBoundaryDeletesTheFileStartingThere() throws Exception {
        log = new SegmentedLog(dir, SIZE, null);
        write(SIZE, 1);
        write(SIZE, 2);
        log.truncate(SIZE);

        assertThat(fileNames()).containsExactly("00000000000000000000");
        assertThat(log.maxOffset()).isEqualTo(SIZE);
        assertThat(log.lastOrCreate(0).startOffset()).as("the next write starts a fresh file").isEqualTo(SIZE);
    }

    @Test
    void truncateToTheStartOfTheOnlyFileKeepsItEmpty() throws Exception {
        log = new SegmentedLog(dir, SIZE, null);
        write(500, 1);
        log.truncate(0);

        assertThat(fileNames()).containsExactly("00000000000000000000");
        assertThat(log.maxOffset()).isZero();
        assertThat(log.last().readView().get(0)).isZero();
    }

    @Test
    void loadMapsEveryFileAsFullAndOrdersThemByOffset() throws Exception {
        log = new SegmentedLog(dir, SIZE, null);
        write(SIZE, 1);
        write(SIZE, 2);
        write(10, 3);
        log.flush(0);
        log.close();

        log = new SegmentedLog(dir, SIZE, null);
        log.load();
        assertThat(log.segments()).extracting(MappedSegment::startOffset).containsExactly(0L, (long) SIZE,
                2L * SIZE);
        assertThat(log.maxOffset()).as("every file assumed full until recovery").isEqualTo(3L * SIZE);
        assertThat(log.find(2L * SIZE).readView().get(9)).isEqualTo((byte) 3);
    }

    @Test
    void loadIgnoresHiddenFilesAndDirectoriesAndExtendsAShortFile() throws Exception {
        Files.write(dir.resolve(".lock"), new byte[]{1});
        Files.createDirectory(dir.resolve("tmp"));
        Files.write(dir.resolve(MappedSegment.fileName(0)), new byte[]{9, 9});

        log = new SegmentedLog(dir, SIZE, null);
        log.load();
        assertThat(log.segments()).hasSize(1);
        assertThat(Files.size(dir.resolve(MappedSegment.fileName(0)))).isEqualTo(SIZE);
    }

    @Test
    void loadRejectsAFileWhoseNameIsNotAnOffset() throws Exception {
        Path bad = dir.resolve("commitlog.bak");
        Files.write(bad, new byte[SIZE]);
        log = new SegmentedLog(dir, SIZE, null);
        assertThatThrownBy(log::load).isInstanceOf(StoreFileException.class)
                .hasMessageContaining("commitlog.bak")
                .satisfies(e -> assertThat(((StoreFileException) e).file()).isEqualTo(bad));
    }

    @Test
    void loadRejectsANameThatIsNotTwentyDigitsOrNotAMultipleOfTheSize() throws Exception {
        Path shortName = dir.resolve("0");
        Files.write(shortName, new byte[SIZE]);
        log = new SegmentedLog(dir, SIZE, null);
        assertThatThrownBy(log::load).isInstanceOf(StoreFileException.class)
                .satisfies(e -> assertThat(((StoreFileException) e).file()).isEqualTo(shortName));
        Files.delete(shortName);

        Path unaligned = dir.resolve(MappedSegment.fileName(100));
        Files.write(unaligned, new byte[SIZE]);
        SegmentedLog other = new SegmentedLog(dir, SIZE, null);
        assertThatThrownBy(other::load).isInstanceOf(StoreFileException.class)
                .hasMessageContaining(unaligned.getFileName().toString())
                .satisfies(e -> assertThat(((StoreFileException) e).offset()).isEqualTo(100));
    }

    @Test
    void loadRejectsAGapBetweenFilesNamingTheFileAfterIt() throws Exception {
        Files.write(dir.resolve(MappedSegment.fileName(0)), new byte[SIZE]);
        Path afterGap = dir.resolve(MappedSegment.fileName(2L * SIZE));
        Files.write(afterGap, new byte[SIZE]);

        log = new SegmentedLog(dir, SIZE, null);
        assertThatThrownBy(log::load).isInstanceOf(StoreFileException.class)
                .hasMessageContaining(afterGap.getFileName().toString())
                .hasMessageContaining("gap")
                .satisfies(e -> assertThat(((StoreFileException) e).file()).isEqualTo(afterGap));
    }

    @Test
    void loadRejectsAFileLargerThanTheSegmentSize() throws Exception {
        Files.write(dir.resolve(MappedSegment.fileName(0)), new byte[SIZE]);
        Path big = dir.resolve(MappedSegment.fileName(SIZE));
        Files.write(big, new byte[SIZE + 1]);

        log = new SegmentedLog(dir, SIZE, null);
        assertThatThrownBy(log::load).isInstanceOf(StoreFileException.class)
                .hasMessageContaining(big.getFileName().toString())
                .hasMessageContaining(Integer.toString(SIZE + 1))
                .satisfies(e -> assertThat(((StoreFileException) e).file()).isEqualTo(big));
    }

    @Test
    void removeFirstNeverRemovesTheLastFile() throws Exception {
        log = new SegmentedLog(dir, SIZE, null);
        write(SIZE, 1);
        write(10, 2);
        assertThat(log.removeFirst(0, 0)).isTrue();
        assertThat(log.removeFirst(0, 0)).isFalse();
        assertThat(fileNames()).containsExactly("00000000000000016384");
    }

    @Test
    void aRemovedFileReadByASliceIsDeletedOnlyOnceTheSliceCloses() {
        log = new SegmentedLog(dir, SIZE, null);
        write(SIZE, 1);
        write(10, 2);
        MappedSegment first = log.first();
        SegmentSlice slice = first.slice(0, 100);

        assertThat(log.removeFirst(60_000, 0)).isTrue();
        assertThat(log.segments()).hasSize(1);
        assertThat(Files.exists(first.path())).isTrue();
        log.retryRetired(60_000, 10);
        assertThat(Files.exists(first.path())).isTrue();
        assertThat(slice.buffer().get(99)).isEqualTo((byte) 1);

        slice.close();
        assertThat(Files.exists(first.path())).isFalse();
        log.retryRetired(60_000, 20);
    }

    @Test
    void retryRetiredDeletesAFileStillReadAfterTheGraceTime() {
        log = new SegmentedLog(dir, SIZE, null);
        write(SIZE, 1);
        write(10, 2);
        MappedSegment first = log.first();
        SegmentSlice slice = first.slice(0, 100);
        log.removeFirst(1_000, 0);

        log.retryRetired(1_000, 999);
        assertThat(Files.exists(first.path())).isTrue();
        log.retryRetired(1_000, 1_000);
        assertThat(Files.exists(first.path())).isFalse();
        slice.close();
    }

    @Test
    void deleteAllRemovesEveryFile() throws Exception {
        log = new SegmentedLog(dir, SIZE, null);
        write(SIZE, 1);
        write(10, 2);
        log.flush(0);
        log.deleteAll();
        assertThat(log.isEmpty()).isTrue();
        assertThat(log.flushedOffset()).isZero();
        assertThat(fileNames()).isEmpty();
    }
}
