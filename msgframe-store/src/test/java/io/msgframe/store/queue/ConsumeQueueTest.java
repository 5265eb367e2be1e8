package io.msgframe.store.queue;

import io.msgframe.store.file.MappedSegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumeQueueTest {
    /** 16 entries per file. */
    private static final int ENTRIES = 16;
    private static final int FILE_BYTES = ENTRIES * ConsumeQueue.ENTRY_SIZE;
    private static final int RECORD = 100;

    @TempDir
    Path dir;

    private ConsumeQueue queue;

    @AfterEach
    void closeQueue() {
        if (queue != null) {
            queue.close();
        }
    }

    private ConsumeQueue open() {
        queue = new ConsumeQueue(dir, "T", 0, FILE_BYTES);
        return queue;
    }

    private ConsumeQueue reopen() {
        queue.close();
        queue = new ConsumeQueue(dir, "T", 0, FILE_BYTES);
        queue.load();
        return queue;
    }

    /** Entry i points at commit-log offset i * 100, 100 bytes, tags code i. */
    private void putRange(long from, long to) {
        for (long i = from; i < to; i++) {
            queue.put(i, i * RECORD, RECORD, i);
        }
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putEntriesReadBackInOrderWithTheirFields() {
        open();
        assertThat(queue.maxOffset()).isZero();
        assertThat(queue.minOffset()).isZero();
        queue.put(0, 0, 120, 0);
        queue.put(1, 120, 95, "tagA".hashCode());
        queue.put(2, 215, 300, -7);

        EntryBatch batch = new EntryBatch(8);
        assertThat(queue.read(0, 8, batch)).isEqualTo(3);
        assertThat(batch.count()).isEqualTo(3);
        assertThat(batch.physicalOffset(1)).isEqualTo(120);
        assertThat(batch.size(1)).isEqualTo(95);
        assertThat(batch.tagsCode(1)).isEqualTo("tagA".hashCode());
        assertThat(batch.tagsCode(2)).isEqualTo(-7);
        assertThat(batch.isPadding(0)).isFalse();
        assertThat(queue.maxOffset()).isEqualTo(3);
        assertThat(queue.maxPhysicalOffset()).isEqualTo(515);
        assertThat(queue.read(1, 1, batch)).isEqualTo(1);
        assertThat(batch.physicalOffset(0)).isEqualTo(120);
        assertThat(queue.physicalOffsetAt(2)).isEqualTo(215);
        assertThat(queue.physicalOffsetAt(3)).isEqualTo(-1);
        assertThat(queue.read(3, 8, batch)).isZero();
        assertThat(queue.read(-1, 8, batch)).isZero();
    }

    @Test
    void entriesAreTwentyBytesAtByteOffsetIndexTimesTwentyInRocketMqLayout() throws Exception {
        open();
        putRange(0, 3);
        queue.flush();
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(MappedSegment.fileName(0))));
        assertThat(file.capacity()).isEqualTo(FILE_BYTES);
        assertThat(file.getLong(40)).isEqualTo(200);
        assertThat(file.getInt(48)).isEqualTo(RECORD);
        assertThat(file.getLong(52)).isEqualTo(2);
    }

    @Test
    void puttingAnOffsetThatIsAlreadyPresentChangesNothing() {
        open();
        putRange(0, 5);
        queue.put(2, 999_999, 1, 1);
        queue.put(0, 999_999, 1, 1);

        assertThat(queue.maxOffset()).isEqualTo(5);
        assertThat(queue.physicalOffsetAt(2)).isEqualTo(200);
        assertThat(queue.physicalOffsetAt(0)).isZero();
        assertThat(queue.maxPhysicalOffset()).isEqualTo(500);
    }

    @Test
    void aQueueThatStartsPastZeroIsPaddedInFrontAndItsMinimumIsTheFirstRealEntry() throws Exception {
        open();
        queue.put(37, 3700, RECORD, 0);
        queue.put(38, 3800, RECORD, 0);

        assertThat(queue.minOffset()).isEqualTo(37);
        assertThat(queue.maxOffset()).isEqualTo(39);
        assertThat(fileNames()).as("the first file is the one holding entry 37")
                .containsExactly(MappedSegment.fileName(32L * ConsumeQueue.ENTRY_SIZE));
        EntryBatch batch = new EntryBatch(4);
        assertThat(queue.read(36, 4, batch)).as("below the minimum").isZero();
        assertThat(queue.read(37, 4, batch)).isEqualTo(2);
        assertThat(batch.physicalOffset(0)).isEqualTo(3700);

        queue.flush();
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(MappedSegment.fileName(640))));
        for (int slot = 0; slot < 5; slot++) {
            assertThat(file.getLong(slot * 20)).as("padding offset").isZero();
            assertThat(file.getInt(slot * 20 + 8)).as("padding size").isEqualTo(Integer.MAX_VALUE);
            assertThat(file.getLong(slot * 20 + 12)).as("padding tags code").isZero();
        }

        reopen();
        assertThat(queue.minOffset()).isEqualTo(37);
        assertThat(queue.maxOffset()).isEqualTo(39);
        assertThat(queue.maxPhysicalOffset()).isEqualTo(3900);
    }

    @Test
    void aGapAfterExistingEntriesIsFilledWithPadding() {
        open();
        putRange(0, 2);
        queue.put(5, 500, RECORD, 5);

        assertThat(queue.maxOffset()).isEqualTo(6);
        assertThat(queue.minOffset()).isZero();
        EntryBatch batch = new EntryBatch(8);
        assertThat(queue.read(0, 8, batch)).isEqualTo(6);
        assertThat(batch.isPadding(1)).isFalse();
        assertThat(batch.isPadding(2)).isTrue();
        assertThat(batch.isPadding(3)).isTrue();
        assertThat(batch.isPadding(4)).isTrue();
        assertThat(batch.size(4)).isEqualTo(Integer.MAX_VALUE);
        assertThat(batch.physicalOffset(5)).isEqualTo(500);
        assertThat(queue.maxPhysicalOffset()).isEqualTo(600);
    }

    @Test
    void entriesRollToANewFileEverySegmentEntriesAndReadsStopAtTheFileEnd() throws Exception {
        open();
        putRange(0, 40);

        assertThat(fileNames()).containsExactly(MappedSegment.fileName(0), MappedSegment.fileName(FILE_BYTES),
                MappedSegment.fileName(2L * FILE_BYTES));
        EntryBatch batch = new EntryBatch(32);
        assertThat(queue.read(14, 32, batch)).as("not across a file boundary").isEqualTo(2);
        assertThat(batch.physicalOffset(1)).isEqualTo(1500);
        assertThat(queue.read(16, 32, batch)).isEqualTo(16);
        assertThat(batch.physicalOffset(0)).isEqualTo(1600);
        assertThat(queue.read(32, 32, batch)).isEqualTo(8);
        assertThat(queue.read(39, 32, batch)).isEqualTo(1);
        assertThat(batch.physicalOffset(0)).isEqualTo(3900);
    }

    @Test
    void loadAfterReopenFindsTheEndAndAppendsContinueThere() {
        open();
        putRange(0, 21);
        queue.flush();
        reopen();

        assertThat(queue.maxOffset()).isEqualTo(21);
        assertThat(queue.minOffset()).isZero();
        assertThat(queue.maxPhysicalOffset()).isEqualTo(2100);
        putRange(21, 23);
        assertThat(queue.maxOffset()).isEqualTo(23);
        assertThat(queue.physicalOffsetAt(22)).isEqualTo(2200);
        assertThat(queue.physicalOffsetAt(20)).isEqualTo(2000);
    }

    @Test
    void loadOfAQueueWhoseLastFileIsExactlyFullFindsItsEnd() {
        open();
        putRange(0, ENTRIES);
        reopen();
        assertThat(queue.maxOffset()).isEqualTo(ENTRIES);
        assertThat(queue.maxPhysicalOffset()).isEqualTo(ENTRIES * RECORD);
        putRange(ENTRIES, ENTRIES + 1);
        assertThat(queue.physicalOffsetAt(ENTRIES)).isEqualTo(ENTRIES * RECORD);
    }

    @Test
    void loadWithAnEmptyLastFileTakesTheMaxPhysicalOffsetFromThePreviousFile() throws Exception {
        open();
        putRange(0, ENTRIES);
        queue.close();
        Files.write(dir.resolve(MappedSegment.fileName(FILE_BYTES)), new byte[FILE_BYTES]);
        queue = new ConsumeQueue(dir, "T", 0, FILE_BYTES);
        queue.load();

        assertThat(queue.maxOffset()).isEqualTo(ENTRIES);
        assertThat(queue.maxPhysicalOffset()).isEqualTo(ENTRIES * RECORD);
    }

    @Test
    void loadCutsATornPartialEntryAtTheTail() throws Exception {
        open();
        putRange(0, 5);
        queue.flush();
        queue.close();
        Path file = dir.resolve(MappedSegment.fileName(0));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer torn = ByteBuffer.allocate(8).putLong(0, 500L); // only the offset of entry 5
            channel.write(torn, 5 * 20);
        }

        queue = new ConsumeQueue(dir, "T", 0, FILE_BYTES);
        queue.load();

        assertThat(queue.maxOffset()).isEqualTo(5);
        assertThat(queue.maxPhysicalOffset()).isEqualTo(500);
        byte[] onDisk = Files.readAllBytes(file);
        for (int p = 100; p < 120; p++) {
            assertThat(onDisk[p]).as("byte %d of the torn entry", p).isZero();
        }
        queue.put(5, 777, 1, 0);
        assertThat(queue.physicalOffsetAt(5)).isEqualTo(777);
    }

    @Test
    void truncateToDropsEntriesPointingPastTheEndOfTheCommitLog() throws Exception {
        open();
        putRange(0, 40);
        queue.truncateTo(1550); // entry 15 ends at 1600 > 1550

        assertThat(queue.maxOffset()).isEqualTo(15);
        assertThat(queue.maxPhysicalOffset()).isEqualTo(1500);
        assertThat(fileNames()).containsExactly(MappedSegment.fileName(0));
        assertThat(queue.physicalOffsetAt(15)).isEqualTo(-1);
        putRange(15, 17);
        assertThat(queue.physicalOffsetAt(16)).isEqualTo(1600);

        queue.truncateTo(1_000_000);
        assertThat(queue.maxOffset()).as("nothing past the end: unchanged").isEqualTo(17);
    }

    @Test
    void truncateToBeforeEveryEntryEmptiesTheQueueAtItsMinimum() {
        open();
        queue.put(20, 2000, RECORD, 0);
        queue.put(21, 2100, RECORD, 0);
        queue.truncateTo(1000);

        assertThat(queue.maxOffset()).isEqualTo(20);
        assertThat(queue.minOffset()).isEqualTo(20);
        assertThat(queue.maxPhysicalOffset()).isZero();
        queue.put(20, 1000, RECORD, 0);
        assertThat(queue.physicalOffsetAt(20)).isEqualTo(1000);
    }

    @Test
    void deleteBelowRemovesFilesWhollyBelowTheCommitLogMinimumAndMovesTheMinOffset() throws Exception {
        open();
        putRange(0, 40);

        int deleted = queue.deleteBelow(2000, 0, 0);

        assertThat(deleted).isEqualTo(1);
        assertThat(fileNames()).containsExactly(MappedSegment.fileName(FILE_BYTES),
                MappedSegment.fileName(2L * FILE_BYTES));
        assertThat(queue.minOffset()).isEqualTo(20);
        assertThat(queue.maxOffset()).isEqualTo(40);
        EntryBatch batch = new EntryBatch(4);
        assertThat(queue.read(19, 4, batch)).isZero();
        assertThat(queue.read(20, 4, batch)).isEqualTo(4);

        reopen();
        assertThat(queue.maxOffset()).isEqualTo(40);
        assertThat(queue.minOffset()).as("the queue alone knows only its first file").isBetween(16L, 20L);
    }

    @Test
    void deleteBelowNeverDeletesTheLastFile() throws Exception {
        open();
        putRange(0, 20);
        assertThat(queue.deleteBelow(1_000_000, 0, 0)).isEqualTo(1);
        assertThat(fileNames()).containsExactly(MappedSegment.fileName(FILE_BYTES));
        assertThat(queue.minOffset()).isEqualTo(20);
        assertThat(queue.maxOffset()).isEqualTo(20);
        putRange(20, 21);
        assertThat(queue.physicalOffsetAt(20)).isEqualTo(2000);
    }

    @Test
    void deleteBelowSkipsPaddingWhenMovingTheMinOffset() {
        open();
        putRange(0, 2);
        queue.put(6, 600, RECORD, 0); // 2..5 padding
        queue.deleteBelow(100, 0, 0);
        assertThat(queue.minOffset()).isEqualTo(1);
        queue.deleteBelow(250, 0, 0);
        assertThat(queue.minOffset()).isEqualTo(6);
    }

    /** Store time of commit-log offset p: 1000 + 10 * (p / 200), i.e. two messages per timestamp. */
    private static final LongUnaryOperator TIMES = p -> 1000 + 10 * (p / (2 * RECORD));

    @Test
    void offsetByTimeFindsTheFirstOffsetStoredAtOrAfterTheTime() {
        open();
        putRange(0, 40); // times 1000,1000,1010,1010,...,1190,1190

        assertThat(queue.offsetByTime(1000, TIMES)).isZero();
        assertThat(queue.offsetByTime(1010, TIMES)).isEqualTo(2);
        assertThat(queue.offsetByTime(1011, TIMES)).isEqualTo(4);
        assertThat(queue.offsetByTime(1190, TIMES)).isEqualTo(38);
        assertThat(queue.offsetByTime(500, TIMES)).as("before every message: the minimum").isZero();
        assertThat(queue.offsetByTime(5000, TIMES)).as("after every message: the maximum").isEqualTo(40);
    }

    @Test
    void offsetByTimeStaysWithinTheQueueBoundsAfterRetention() {
        open();
        putRange(0, 40);
        queue.deleteBelow(2000, 0, 0);

        assertThat(queue.offsetByTime(0, TIMES)).isEqualTo(20);
        assertThat(queue.offsetByTime(1100, TIMES)).isEqualTo(20);
        assertThat(queue.offsetByTime(1150, TIMES)).isEqualTo(30);
        assertThat(queue.offsetByTime(Long.MAX_VALUE, TIMES)).isEqualTo(40);
    }

    @Test
    void offsetByTimeSkipsRecordsWhoseTimeIsGone() {
        open();
        putRange(0, 10);
        LongUnaryOperator firstHalfGone = p -> p < 500 ? -1 : TIMES.applyAsLong(p);
        assertThat(queue.offsetByTime(0, firstHalfGone)).isEqualTo(5);
        assertThat(queue.offsetByTime(1030, firstHalfGone)).isEqualTo(6);
    }

    @Test
    void offsetByTimeOfAnEmptyQueueIsZero() {
        open();
        assertThat(queue.offsetByTime(123, TIMES)).isZero();
    }

    @Test
    void clearDeletesEveryFileAndResetsTheBounds() throws Exception {
        open();
        putRange(0, 20);
        queue.clear();
        assertThat(fileNames()).isEmpty();
        assertThat(queue.maxOffset()).isZero();
        assertThat(queue.minOffset()).isZero();
        assertThat(queue.maxPhysicalOffset()).isZero();
    }

    @Test
    void flushForcesEveryEntryWritten() {
        open();
        putRange(0, 20);
        assertThat(queue.flush()).isEqualTo(20L * ConsumeQueue.ENTRY_SIZE);
    }
}
