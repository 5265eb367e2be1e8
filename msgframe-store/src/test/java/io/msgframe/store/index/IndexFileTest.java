package io.msgframe.store.index;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class IndexFileTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int SLOTS = 8;
    private static final int ENTRIES = 32;

    @TempDir
    Path dir;

    private final List<IndexFile> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(IndexFile::close);
    }

    private IndexFile create(int slots, int entries) {
        IndexFile file = IndexFile.create(dir, slots, entries, T0, ZoneOffset.UTC);
        opened.add(file);
        return file;
    }

    private static List<Long> query(IndexFile file, String key) {
        return query(file, key, 0, Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    private static List<Long> query(IndexFile file, String key, long beginTs, long endTs, int maxNum) {
        List<Long> out = new ArrayList<>();
        file.query(key, beginTs, endTs, maxNum, out);
        return out;
    }

    /** Two different keys whose hashes differ but land in the same slot. */
    private static String[] collidingKeys(int slots) {
        String first = "k0";
        int slot = IndexKeys.keyHash(first) % slots;
        for (int i = 1; ; i++) {
            String other = "k" + i;
            int hash = IndexKeys.keyHash(other);
            if (hash % slots == slot && hash != IndexKeys.keyHash(first)) {
                return new String[] {first, other};
            }
        }
    }

    @Test
    void newFileIsNamedByCreationTimeAndSizedLikeRocketMq() throws IOException {
        IndexFile file = create(SLOTS, ENTRIES);

        assertThat(file.fileName()).isEqualTo("20231114221320000");
        assertThat(Files.size(file.path())).isEqualTo(40 + SLOTS * 4 + ENTRIES * 20);
        assertThat(IndexFile.fileSize(5_000_000, 20_000_000)).isEqualTo(420_000_040L);
    }

    @Test
    void newFileHasIndexCountOneAndIsEmpty() {
        IndexFile file = create(SLOTS, ENTRIES);

        assertThat(file.getIndexCount()).isEqualTo(1);
        assertThat(file.getHashSlotCount()).isZero();
        assertThat(file.isEmpty()).isTrue();
        assertThat(file.isFull()).isFalse();
        assertThat(query(file, "anything")).isEmpty();
    }

    @Test
    void createRefusesAnExistingName() {
        create(SLOTS, ENTRIES);

        assertThatThrownBy(() -> IndexFile.create(dir, SLOTS, ENTRIES, T0, ZoneOffset.UTC))
                .hasMessageContaining("20231114221320000");
    }

    @Test
    void firstPutSetsBeginFieldsAndEveryPutSetsEndFields() {
        IndexFile file = create(SLOTS, ENTRIES);

        file.put("a", 100, T0 + 5_000);
        file.put("b", 200, T0 + 9_000);

        assertThat(file.getBeginPhyOffset()).isEqualTo(100);
        assertThat(file.getBeginTimestamp()).isEqualTo(T0 + 5_000);
        assertThat(file.getEndPhyOffset()).isEqualTo(200);
        assertThat(file.getEndTimestamp()).isEqualTo(T0 + 9_000);
        assertThat(file.getIndexCount()).isEqualTo(3);
    }

    @Test
    void writesHeaderSlotAndEntriesInRocketMqLayout() throws IOException {
        IndexFile file = create(SLOTS, ENTRIES);
        String key = "topic#key";
        int hash = Math.abs(key.hashCode());
        file.put(key, 1234, T0);
        file.put(key, 5678, T0 + 3_999);
        file.flush();

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file.path()));
        assertThat(bytes.getLong(0)).isEqualTo(T0);
        assertThat(bytes.getLong(8)).isEqualTo(T0 + 3_999);
        assertThat(bytes.getLong(16)).isEqualTo(1234);
        assertThat(bytes.getLong(24)).isEqualTo(5678);
        assertThat(bytes.getInt(32)).isEqualTo(1);
        assertThat(bytes.getInt(36)).isEqualTo(3);
        assertThat(bytes.getInt(40 + (hash % SLOTS) * 4)).isEqualTo(2);
        int entries = 40 + SLOTS * 4;
        assertThat(bytes.getInt(entries + 20)).isEqualTo(hash);
        assertThat(bytes.getLong(entries + 24)).isEqualTo(1234);
        assertThat(bytes.getInt(entries + 32)).isZero();
        assertThat(bytes.getInt(entries + 36)).isZero();
        assertThat(bytes.getInt(entries + 40)).isEqualTo(hash);
        assertThat(bytes.getLong(entries + 44)).isEqualTo(5678);
        assertThat(bytes.getInt(entries + 52)).as("3.999 s are 3 whole seconds").isEqualTo(3);
        assertThat(bytes.getInt(entries + 56)).as("previous entry of the slot").isEqualTo(1);
    }

    @Test
    void keyWhoseHashCodeIsMinValueHashesToZero() {
        String key = "polygenelubricants";
        assertThat(key.hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(IndexKeys.keyHash(key)).isZero();

        IndexFile file = create(SLOTS, ENTRIES);
        file.put(key, 77, T0);
        assertThat(query(file, key)).containsExactly(77L);
    }

    @Test
    void findsEveryOffsetOfAKeyNewestFirst() {
        IndexFile file = create(SLOTS, ENTRIES);
        file.put("t#a", 10, T0);
        file.put("t#b", 20, T0);
        file.put("t#a", 30, T0);

        assertThat(query(file, "t#a")).containsExactly(30L, 10L);
        assertThat(query(file, "t#b")).containsExactly(20L);
        assertThat(query(file, "t#c")).isEmpty();
    }

    @Test
    void collidingSlotsShareAChainButEntriesAreFilteredByKeyHash() {
        String[] keys = collidingKeys(SLOTS);
        IndexFile file = create(SLOTS, ENTRIES);
        file.put(keys[0], 1, T0);
        file.put(keys[1], 2, T0);
        file.put(keys[0], 3, T0);
        file.put(keys[1], 4, T0);

        assertThat(file.getHashSlotCount()).as("one slot used").isEqualTo(1);
        assertThat(query(file, keys[0])).containsExactly(3L, 1L);
        assertThat(query(file, keys[1])).containsExactly(4L, 2L);
    }

    @Test
    void keysWithEqualHashCodesAreBothReturnedForTheClientToTellApart() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        IndexFile file = create(SLOTS, ENTRIES);
        file.put("Aa", 1, T0);
        file.put("BB", 2, T0);

        assertThat(query(file, "Aa")).containsExactly(2L, 1L);
    }

    @Test
    void keepsOnlyEntriesInsideTheTimeWindow() {
        IndexFile file = create(SLOTS, ENTRIES);
        file.put("k", 1, T0);
        file.put("k", 2, T0 + 10_000);
        file.put("k", 3, T0 + 20_000);
        file.put("k", 4, T0 + 30_000);

        assertThat(query(file, "k", T0 + 10_000, T0 + 20_000, 10)).containsExactly(3L, 2L);
        assertThat(query(file, "k", T0 + 25_000, Long.MAX_VALUE, 10)).containsExactly(4L);
        assertThat(query(file, "k", 0, T0 + 5_000, 10)).containsExactly(1L);
        assertThat(query(file, "k", T0 + 40_000, Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void entryTimesHaveWholeSecondPrecisionFromTheFileBegin() {
        IndexFile file = create(SLOTS, ENTRIES);
        file.put("k", 1, T0);
        file.put("k", 2, T0 + 1_500);

        // Stored as begin + 1 s: a window starting at the exact store time misses it, as in RocketMQ.
        assertThat(query(file, "k", T0 + 1_500, Long.MAX_VALUE, 10)).isEmpty();
        assertThat(query(file, "k", T0 + 1_000, T0 + 1_000, 10)).containsExactly(2L);
    }

    @Test
    void storeTimeBeforeTheFileBeginIsClampedToTheBegin() {
        IndexFile file = create(SLOTS, ENTRIES);
        file.put("k", 1, T0);
        file.put("k", 2, T0 - 60_000);

        assertThat(query(file, "k", T0, T0, 10)).containsExactly(2L, 1L);
    }

    @Test
    void returnsAtMostMaxNumNewestOffsets() {
        IndexFile file = create(SLOTS, ENTRIES);
        for (int i = 1; i <= 10; i++) {
            file.put("k", i, T0);
        }

        assertThat(query(file, "k", 0, Long.MAX_VALUE, 3)).containsExactly(10L, 9L, 8L);
        assertThat(query(file, "k", 0, Long.MAX_VALUE, 0)).isEmpty();
    }

    @Test
    void refusesPutsWhenFullAfterIndexNumMinusOneEntries() {
        IndexFile file = create(SLOTS, 4);

        assertThat(file.put("a", 1, T0)).isTrue();
        assertThat(file.put("b", 2, T0)).isTrue();
        assertThat(file.freeEntries()).isEqualTo(1);
        assertThat(file.put("c", 3, T0)).isTrue();
        assertThat(file.isFull()).isTrue();
        assertThat(file.put("d", 4, T0)).isFalse();

        assertThat(file.getIndexCount()).isEqualTo(4);
        assertThat(file.getEndPhyOffset()).isEqualTo(3);
        assertThat(query(file, "d")).isEmpty();
        assertThat(query(file, "c")).containsExactly(3L);
    }

    @Test
    void reopenedFileReturnsTheSameResultsAndAcceptsMorePuts() {
        IndexFile file = IndexFile.create(dir, SLOTS, ENTRIES, T0, ZoneOffset.UTC);
        file.put("a", 1, T0);
        file.put("b", 2, T0 + 1_000);
        file.put("a", 3, T0 + 2_000);
        file.close();

        IndexFile reopened = IndexFile.open(file.path(), SLOTS, ENTRIES);
        opened.add(reopened);
        assertThat(reopened.getIndexCount()).isEqualTo(4);
        assertThat(reopened.getBeginTimestamp()).isEqualTo(T0);
        assertThat(reopened.getEndPhyOffset()).isEqualTo(3);
        assertThat(query(reopened, "a")).containsExactly(3L, 1L);

        reopened.put("a", 4, T0 + 3_000);
        assertThat(query(reopened, "a")).containsExactly(4L, 3L, 1L);
    }

    @Test
    void openRejectsAFileOfTheWrongSizeNamingIt() {
        IndexFile file = IndexFile.create(dir, SLOTS, ENTRIES, T0, ZoneOffset.UTC);
        file.close();

        assertThatThrownBy(() -> IndexFile.open(file.path(), SLOTS * 2, ENTRIES))
                .isInstanceOf(CorruptIndexFileException.class)
                .hasMessageContaining(file.path().toString())
                .hasMessageContaining("size");
    }

    @Test
    void openRejectsAnImpossibleIndexCount() throws IOException {
        IndexFile file = IndexFile.create(dir, SLOTS, ENTRIES, T0, ZoneOffset.UTC);
        file.put("a", 1, T0);
        file.close();
        overwriteInt(file.path(), IndexFile.INDEX_COUNT, ENTRIES + 1);

        assertThatThrownBy(() -> IndexFile.open(file.path(), SLOTS, ENTRIES))
                .isInstanceOf(CorruptIndexFileException.class)
                .hasMessageContaining(file.path().toString())
                .hasMessageContaining("indexCount");
    }

    @Test
    void openTreatsABlankHeaderAsAnEmptyFile() throws IOException {
        Path path = dir.resolve("20240101000000000");
        Files.write(path, new byte[(int) IndexFile.fileSize(SLOTS, ENTRIES)]);

        IndexFile file = IndexFile.open(path, SLOTS, ENTRIES);
        opened.add(file);
        assertThat(file.isEmpty()).isTrue();
        assertThat(file.put("a", 1, T0)).isTrue();
        assertThat(query(file, "a")).containsExactly(1L);
    }

    @Test
    void putAfterCloseIsRefused() {
        IndexFile file = create(SLOTS, ENTRIES);
        file.close();

        assertThatThrownBy(() -> file.put("a", 1, T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deleteRemovesTheFile() {
        IndexFile file = create(SLOTS, ENTRIES);
        file.put("a", 1, T0);

        assertThat(file.delete()).isTrue();
        assertThat(file.path()).doesNotExist();
        assertThat(file.isClosed()).isTrue();
    }

    @Test
    void queryStopsAtASelfLink() throws IOException {
        IndexFile file = IndexFile.create(dir, SLOTS, ENTRIES, T0, ZoneOffset.UTC);
        file.put("k", 1, T0);
        file.put("k", 2, T0);
        file.close();
        overwriteInt(file.path(), entryPos(2) + IndexFile.ENTRY_PREV_INDEX, 2);

        IndexFile reopened = IndexFile.open(file.path(), SLOTS, ENTRIES);
        opened.add(reopened);
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThat(query(reopened, "k")).containsExactly(2L));
    }

    @Test
    void queryStopsAtForwardLinksThatWouldLoop() throws IOException {
        IndexFile file = IndexFile.create(dir, SLOTS, ENTRIES, T0, ZoneOffset.UTC);
        for (int i = 1; i <= 5; i++) {
            file.put("k", i, T0);
        }
        file.close();
        // 5 -> 4 -> 3 -> 5: a cycle through a forward link.
        overwriteInt(file.path(), entryPos(3) + IndexFile.ENTRY_PREV_INDEX, 5);

        IndexFile reopened = IndexFile.open(file.path(), SLOTS, ENTRIES);
        opened.add(reopened);
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThat(query(reopened, "k")).containsExactly(5L, 4L, 3L));
    }

    @Test
    void queryIgnoresOutOfRangeSlotsAndLinks() throws IOException {
        IndexFile file = IndexFile.create(dir, SLOTS, ENTRIES, T0, ZoneOffset.UTC);
        file.put("k", 1, T0);
        file.put("k", 2, T0);
        file.put("other", 3, T0);
        file.close();
        overwriteInt(file.path(), entryPos(2) + IndexFile.ENTRY_PREV_INDEX, -7);
        int otherSlot = IndexKeys.keyHash("other") % SLOTS;
        overwriteInt(file.path(), IndexFile.HEADER_SIZE + otherSlot * 4, Integer.MAX_VALUE);

        IndexFile reopened = IndexFile.open(file.path(), SLOTS, ENTRIES);
        opened.add(reopened);
        assertThat(query(reopened, "k")).containsExactly(2L);
        assertThat(query(reopened, "other")).isEmpty();
    }

    @Test
    void putAfterACorruptSlotStartsAFreshChain() throws IOException {
        IndexFile file = IndexFile.create(dir, SLOTS, ENTRIES, T0, ZoneOffset.UTC);
        file.put("k", 1, T0);
        file.close();
        int slot = IndexKeys.keyHash("k") % SLOTS;
        overwriteInt(file.path(), IndexFile.HEADER_SIZE + slot * 4, 20); // past indexCount

        IndexFile reopened = IndexFile.open(file.path(), SLOTS, ENTRIES);
        opened.add(reopened);
        reopened.put("k", 2, T0);
        assertThat(query(reopened, "k")).containsExactly(2L);
    }

    @Test
    void entriesBeyondThePublishedIndexCountAreNotReported() throws IOException {
        IndexFile file = IndexFile.create(dir, SLOTS, ENTRIES, T0, ZoneOffset.UTC);
        file.put("k", 1, T0);
        file.put("k", 2, T0);
        file.put("k", 3, T0);
        file.close();
        // As if a crash lost the header's last update but kept the entry and the slot.
        overwriteInt(file.path(), IndexFile.INDEX_COUNT, 3);

        IndexFile reopened = IndexFile.open(file.path(), SLOTS, ENTRIES);
        opened.add(reopened);
        assertThat(query(reopened, "k")).containsExactly(2L, 1L);
    }

    @Test
    void randomGarbageInSlotsAndEntriesNeverThrowsOrHangs() throws IOException {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 50; round++) {
            Path path = dir.resolve(String.format("2024010100%07d", round));
            byte[] bytes = new byte[(int) IndexFile.fileSize(SLOTS, ENTRIES)];
            random.nextBytes(bytes);
            ByteBuffer.wrap(bytes).putInt(IndexFile.INDEX_COUNT, 1 + random.nextInt(ENTRIES));
            Files.write(path, bytes);
            IndexFile file = IndexFile.open(path, SLOTS, ENTRIES);
            opened.add(file);
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                for (int k = 0; k < 200; k++) {
                    file.query("key" + k, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, new ArrayList<>());
                }
                while (file.put("fresh" + random.nextInt(20), random.nextLong(), T0)) {
                    file.query("fresh" + random.nextInt(20), 0, Long.MAX_VALUE, 100, new ArrayList<>());
                }
            });
        }
    }

    @Test
    void concurrentReadersSeeOnlyCompleteEntriesWhileTheWriterPuts() throws Exception {
        int entries = 20_000;
        IndexFile file = create(16, entries);
        String[] keys = {"a", "b", "c", "d", "e"};
        Thread writer = new Thread(() -> {
            for (int i = 1; i < entries; i++) {
                // Offset encodes its key, so a reader can check every entry it gets.
                file.put(keys[i % keys.length], i, T0 + i);
            }
        });
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            int keyIndex = r;
            Thread reader = new Thread(() -> {
                try {
                    while (writer.isAlive()) {
                        List<Long> out = new ArrayList<>();
                        file.query(keys[keyIndex], 0, Long.MAX_VALUE, Integer.MAX_VALUE, out);
                        long previous = Long.MAX_VALUE;
                        for (long offset : out) {
                            assertThat(offset % keys.length).isEqualTo(keyIndex);
                            assertThat(offset).isPositive().isLessThan(previous);
                            previous = offset;
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            readers.add(reader);
        }
        writer.start();
        readers.forEach(Thread::start);
        writer.join();
        for (Thread reader : readers) {
            reader.join();
        }

        assertThat(failures).isEmpty();
        assertThat(query(file, "a")).hasSize((entries - 1) / keys.length);
    }

    private static int entryPos(int entry) {
        return IndexFile.HEADER_SIZE + SLOTS * 4 + entry * IndexFile.ENTRY_SIZE;
    }

    private static void overwriteInt(Path path, int position, int value) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer.wrap(bytes).putInt(position, value);
        Files.write(path, bytes);
    }
}
