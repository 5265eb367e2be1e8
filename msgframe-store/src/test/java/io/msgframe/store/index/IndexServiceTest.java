package io.msgframe.store.index;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexServiceTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int SLOTS = 4;
    /** Four usable entries per file (entry 0 is never used). */
    private static final int ENTRIES = 5;

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock(T0);
    private final List<IndexService> services = new ArrayList<>();

    @AfterEach
    void closeAll() {
        services.forEach(IndexService::close);
    }

    private Path indexDir() {
        return root.resolve(IndexService.DIR_NAME);
    }

    private IndexService newService(int slots, int entries) {
        IndexService service = new IndexService(indexDir(), slots, entries, clock);
        services.add(service);
        service.load();
        return service;
    }

    private IndexService newService() {
        return newService(SLOTS, ENTRIES);
    }

    private static List<Long> all(IndexService service, String topic, String key) {
        return service.query(topic, key, Integer.MAX_VALUE, 0, Long.MAX_VALUE);
    }

    private List<String> filesOnDisk() throws IOException {
        try (Stream<Path> list = Files.list(indexDir())) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void findsEveryKeyOfAMessage() {
        IndexService service = newService(16, 64);

        service.put("orders", "UNIQ1", "k1  k2 k3 ", 100, T0);

        assertThat(all(service, "orders", "UNIQ1")).containsExactly(100L);
        assertThat(all(service, "orders", "k1")).containsExactly(100L);
        assertThat(all(service, "orders", "k2")).containsExactly(100L);
        assertThat(all(service, "orders", "k3")).containsExactly(100L);
        assertThat(all(service, "orders", "")).isEmpty();
        assertThat(all(service, "orders", "k1  k2")).isEmpty();
    }

    @Test
    void keysAreScopedByTopic() {
        IndexService service = newService(16, 64);

        service.put("a", null, "key", 1, T0);
        service.put("b", null, "key", 2, T0);

        assertThat(all(service, "a", "key")).containsExactly(1L);
        assertThat(all(service, "b", "key")).containsExactly(2L);
        assertThat(all(service, "c", "key")).isEmpty();
    }

    @Test
    void messagesWithoutKeysCreateNoFile() throws IOException {
        IndexService service = newService();

        service.put("t", null, null, 1, T0);
        service.put("t", "", " ", 2, T0);

        assertThat(service.fileCount()).isZero();
        assertThat(filesOnDisk()).isEmpty();
    }

    @Test
    void repeatedKeysOfAMessageAreIndexedOnce() {
        IndexService service = newService(16, 64);

        service.put("t", "x", "x x y", 10, T0);

        assertThat(all(service, "t", "x")).containsExactly(10L);
        assertThat(service.lastIndexedPhyOffset()).isEqualTo(10);
    }

    @Test
    void returnsOffsetsNewestFirstAndAtMostMaxNum() {
        IndexService service = newService(16, 64);
        for (int i = 0; i < 10; i++) {
            service.put("t", null, "k", i * 100L, T0 + i);
        }

        assertThat(service.query("t", "k", 3, 0, Long.MAX_VALUE)).containsExactly(900L, 800L, 700L);
        assertThat(service.query("t", "k", 0, 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void filtersByStoreTimeWindow() {
        IndexService service = newService(16, 64);
        service.put("t", null, "k", 1, T0);
        service.put("t", null, "k", 2, T0 + 60_000);
        service.put("t", null, "k", 3, T0 + 120_000);

        assertThat(service.query("t", "k", 10, T0 + 30_000, T0 + 90_000)).containsExactly(2L);
        assertThat(service.query("t", "k", 10, T0 + 200_000, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void firstRecordAtOffsetZeroIsIndexed() {
        IndexService service = newService();

        service.put("t", null, "k", 0, T0);

        assertThat(all(service, "t", "k")).containsExactly(0L);
    }

    @Test
    void replayedRecordsAreNotIndexedTwice() {
        IndexService service = newService(16, 64);
        service.put("t", null, "k", 100, T0);
        service.put("t", null, "k", 200, T0);

        service.put("t", null, "k", 100, T0);
        service.put("t", null, "k", 200, T0);
        service.put("t", null, "k", 300, T0);

        assertThat(all(service, "t", "k")).containsExactly(300L, 200L, 100L);
    }

    @Test
    void rollsToANewFileWhenFullAndQueriesAcrossFiles() throws IOException {
        IndexService service = newService();
        for (int i = 1; i <= 10; i++) {
            service.put("t", null, "k", i, T0 + i * 1000L);
        }

        assertThat(service.fileCount()).isEqualTo(3);
        assertThat(filesOnDisk()).hasSize(3).isSorted();
        assertThat(all(service, "t", "k")).containsExactly(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(service.query("t", "k", 6, 0, Long.MAX_VALUE)).containsExactly(10L, 9L, 8L, 7L, 6L, 5L);
    }

    @Test
    void keysOfOneRecordStayInOneFile() {
        IndexService service = newService();
        service.put("t", null, "a b", 1, T0);
        service.put("t", null, "c d e", 2, T0 + 1000);

        assertThat(service.fileCount()).as("three keys do not fit the two entries left").isEqualTo(2);
        assertThat(all(service, "t", "c")).containsExactly(2L);
        assertThat(all(service, "t", "e")).containsExactly(2L);
    }

    @Test
    void aRecordWithMoreKeysThanAFileHoldsSpansFiles() {
        IndexService service = newService();

        service.put("t", "u", "a b c d e f", 7, T0);

        assertThat(service.fileCount()).isEqualTo(2);
        for (String key : List.of("u", "a", "b", "c", "d", "e", "f")) {
            assertThat(all(service, "t", key)).as(key).containsExactly(7L);
        }
    }

    @Test
    void queryAcrossFilesHonoursTheTimeWindow() {
        IndexService service = newService();
        for (int i = 1; i <= 8; i++) {
            service.put("t", null, "k", i, T0 + i * 60_000L);
        }

        assertThat(service.query("t", "k", 100, T0 + 5 * 60_000L, Long.MAX_VALUE))
                .containsExactly(8L, 7L, 6L, 5L);
        assertThat(service.query("t", "k", 100, 0, T0 + 2 * 60_000L)).containsExactly(2L, 1L);
    }

    @Test
    void fileNamesAreCreationTimesAndStayUniqueWhenTheClockStands() throws IOException {
        IndexService service = newService(SLOTS, 2);

        service.put("t", null, "k", 1, T0);
        service.put("t", null, "k", 2, T0);
        clock.advance(5_000);
        service.put("t", null, "k", 3, T0);

        assertThat(service.fileNames())
                .containsExactly("20231114221320000", "20231114221320001", "20231114221325000");
        assertThat(filesOnDisk()).isEqualTo(service.fileNames());
    }

    @Test
    void reopenAfterCloseReturnsTheSameResults() {
        IndexService service = newService();
        for (int i = 1; i <= 10; i++) {
            service.put("t", "u" + i, "k", i, T0 + i * 1000L);
        }
        List<Long> before = all(service, "t", "k");
        List<String> names = service.fileNames();
        service.close();

        IndexService reopened = newService();
        assertThat(reopened.fileNames()).isEqualTo(names);
        assertThat(all(reopened, "t", "k")).isEqualTo(before);
        assertThat(all(reopened, "t", "u3")).containsExactly(3L);
        assertThat(reopened.lastIndexedPhyOffset()).isEqualTo(10);
        assertThat(reopened.lastIndexedTimestamp()).isEqualTo(T0 + 10_000);

        reopened.put("t", null, "k", 10, T0);
        reopened.put("t", null, "k", 11, T0 + 11_000);
        assertThat(all(reopened, "t", "k")).startsWith(11L, 10L, 9L).hasSize(11);
    }

    @Test
    void loadIgnoresFilesThatAreNotIndexFiles() throws IOException {
        Files.createDirectories(indexDir());
        Files.writeString(indexDir().resolve("notes.txt"), "hello");

        IndexService service = newService();

        assertThat(service.fileCount()).isZero();
    }

    @Test
    void loadRejectsAFileOfAnotherShapeNamingIt() {
        IndexService first = newService();
        first.put("t", null, "k", 1, T0);
        String name = first.fileNames().get(0);
        first.close();

        IndexService other = new IndexService(indexDir(), SLOTS * 2, ENTRIES, clock);
        assertThatThrownBy(other::load)
                .isInstanceOf(CorruptIndexFileException.class)
                .hasMessageContaining(name);
    }

    @Test
    void truncateAboveDeletesFilesReachingTheCutAndReturnsTheReindexOffset() {
        IndexService service = newService();
        for (int i = 1; i <= 12; i++) {
            service.put("t", null, "k", i * 10L, T0 + i * 1000L);
        }
        // Files: [10..40] [50..80] [90..120]

        long reindexFrom = service.truncateAbove(75);

        assertThat(reindexFrom).isEqualTo(50);
        assertThat(service.fileCount()).isEqualTo(1);
        assertThat(service.lastIndexedPhyOffset()).isEqualTo(40);
        assertThat(all(service, "t", "k")).containsExactly(40L, 30L, 20L, 10L);

        // Re-dispatching from the returned offset restores what the commit log still holds.
        service.put("t", null, "k", 50, T0 + 5000);
        service.put("t", null, "k", 60, T0 + 6000);
        assertThat(all(service, "t", "k")).containsExactly(60L, 50L, 40L, 30L, 20L, 10L);
    }

    @Test
    void truncateAboveDeletesAFileWhoseLastRecordIsAtTheCut() {
        IndexService service = newService();
        for (int i = 1; i <= 8; i++) {
            service.put("t", null, "k", i * 10L, T0);
        }

        assertThat(service.truncateAbove(80)).isEqualTo(50);
        assertThat(service.fileCount()).isEqualTo(1);
    }

    @Test
    void truncateAboveReturnsMaxValueWhenNothingIsDeleted() {
        IndexService service = newService();
        service.put("t", null, "k", 10, T0);

        assertThat(service.truncateAbove(11)).isEqualTo(Long.MAX_VALUE);
        IndexService empty = new IndexService(root.resolve("empty"), SLOTS, ENTRIES, clock);
        services.add(empty);
        empty.load();
        assertThat(empty.truncateAbove(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(all(service, "t", "k")).containsExactly(10L);
    }

    @Test
    void truncateAboveCanDeleteEveryFile() throws IOException {
        IndexService service = newService();
        for (int i = 1; i <= 6; i++) {
            service.put("t", null, "k", i * 10L, T0);
        }

        assertThat(service.truncateAbove(0)).isEqualTo(10);
        assertThat(service.fileCount()).isZero();
        assertThat(filesOnDisk()).isEmpty();
        assertThat(service.lastIndexedPhyOffset()).isEqualTo(-1);

        service.put("t", null, "k", 10, T0);
        assertThat(all(service, "t", "k")).containsExactly(10L);
    }

    @Test
    void deleteFilesBelowRemovesFilesWhollyBelowTheOffset() throws IOException {
        IndexService service = newService();
        for (int i = 1; i <= 12; i++) {
            service.put("t", null, "k", i * 10L, T0);
        }
        // Files: [10..40] [50..80] [90..120]

        assertThat(service.deleteFilesBelow(40)).isZero();
        assertThat(service.deleteFilesBelow(41)).isEqualTo(1);
        assertThat(service.fileCount()).isEqualTo(2);
        assertThat(filesOnDisk()).hasSize(2);
        assertThat(all(service, "t", "k")).containsExactly(120L, 110L, 100L, 90L, 80L, 70L, 60L, 50L);
    }

    @Test
    void deleteFilesBelowNeverDeletesTheLastFile() {
        IndexService service = newService();
        for (int i = 1; i <= 6; i++) {
            service.put("t", null, "k", i * 10L, T0);
        }

        assertThat(service.deleteFilesBelow(Long.MAX_VALUE)).isEqualTo(1);
        assertThat(service.fileCount()).isEqualTo(1);
        assertThat(all(service, "t", "k")).containsExactly(60L, 50L);

        service.put("t", null, "k", 70, T0);
        assertThat(all(service, "t", "k")).containsExactly(70L, 60L, 50L);
    }

    @Test
    void flushedIndexSurvivesReload() {
        IndexService service = newService();
        service.put("t", null, "k", 1, T0);
        service.flush();
        service.flush();

        IndexService second = new IndexService(indexDir(), SLOTS, ENTRIES, clock);
        services.add(second);
        second.load();
        assertThat(all(second, "t", "k")).containsExactly(1L);
    }

    @Test
    void queriesRunWhileTheDispatcherPutsAndRetentionDeletes() throws Exception {
        IndexService service = newService(8, 64);
        int records = 5_000;
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread dispatcher = new Thread(() -> {
            for (int i = 1; i <= records; i++) {
                service.put("t", null, "k" + (i % 3), i, T0 + i);
                if (i % 500 == 0) {
                    service.deleteFilesBelow(i - 200);
                }
            }
        });
        Thread reader = new Thread(() -> {
            try {
                while (dispatcher.isAlive()) {
                    List<Long> found = service.query("t", "k1", 50, 0, Long.MAX_VALUE);
                    long previous = Long.MAX_VALUE;
                    for (long offset : found) {
                        assertThat(offset % 3).isEqualTo(1);
                        assertThat(offset).isLessThan(previous);
                        previous = offset;
                    }
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        dispatcher.start();
        reader.start();
        dispatcher.join();
        reader.join();

        assertThat(failures).isEmpty();
        assertThat(service.query("t", "k1", 3, 0, Long.MAX_VALUE)).containsExactly(4999L, 4996L, 4993L);
    }
}
