package io.msgframe.store.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentAllocatorTest {
    private static final int SIZE = 4 * MappedSegment.PAGE_SIZE;

    @TempDir
    Path dir;

    private static void awaitExists(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " was not created in time");
            }
            Thread.sleep(1);
        }
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void obtainReturnsTheAskedFileAndPreCreatesTheNextOne() throws Exception {
        try (SegmentAllocator allocator = new SegmentAllocator("test-allocator")) {
            MappedSegment first = allocator.obtain(dir, 0, SIZE);
            assertThat(first.startOffset()).isZero();
            assertThat(first.path()).isEqualTo(dir.resolve(MappedSegment.fileName(0)));

            Path next = dir.resolve(MappedSegment.fileName(SIZE));
            awaitExists(next);
            assertThat(Files.size(next)).isEqualTo(SIZE);

            MappedSegment second = allocator.obtain(dir, SIZE, SIZE);
            assertThat(second.path()).isEqualTo(next);
            assertThat(second.startOffset()).isEqualTo(SIZE);
            awaitExists(dir.resolve(MappedSegment.fileName(2L * SIZE)));
            first.close();
            second.close();
        }
    }

    @Test
    void closeRemovesTheFileMadeAheadAndNeverUsed() throws Exception {
        SegmentAllocator allocator = new SegmentAllocator("test-allocator");
        MappedSegment first = allocator.obtain(dir, 0, SIZE);
        allocator.close();
        first.close();
        assertThat(fileNames()).containsExactly(MappedSegment.fileName(0));
    }

    @Test
    void aSegmentedLogWithAnAllocatorRollsIntoThePreCreatedFile() throws Exception {
        SegmentAllocator allocator = new SegmentAllocator("test-allocator");
        SegmentedLog log = new SegmentedLog(dir, SIZE, allocator);
        try {
            MappedSegment first = log.lastOrCreate(0);
            first.append(ByteBuffer.allocate(100));
            awaitExists(dir.resolve(MappedSegment.fileName(SIZE)));
            assertThat(log.segments()).as("made ahead, not yet part of the log").hasSize(1);
            assertThat(log.maxOffset()).isEqualTo(100);

            MappedSegment second = log.roll();
            assertThat(second.startOffset()).isEqualTo(SIZE);
            assertThat(log.segments()).hasSize(2);
            awaitExists(dir.resolve(MappedSegment.fileName(2L * SIZE)));
        } finally {
            allocator.close();
            log.close();
        }
        assertThat(fileNames()).containsExactly(MappedSegment.fileName(0), MappedSegment.fileName(SIZE));
    }

    @Test
    void obtainOfAnotherOffsetThanTheOneMadeAheadCreatesItDirectly() throws Exception {
        try (SegmentAllocator allocator = new SegmentAllocator("test-allocator")) {
            MappedSegment first = allocator.obtain(dir, 0, SIZE);
            MappedSegment other = allocator.obtain(dir, 5L * SIZE, SIZE);
            assertThat(other.startOffset()).isEqualTo(5L * SIZE);
            assertThat(other.path()).isEqualTo(dir.resolve(MappedSegment.fileName(5L * SIZE)));
            first.close();
            other.close();
        }
    }
}
