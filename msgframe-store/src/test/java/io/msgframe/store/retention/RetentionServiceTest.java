package io.msgframe.store.retention;

import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import io.msgframe.store.config.StoreConfig;
import io.msgframe.store.file.MappedSegment;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.read.GetMessageResult;
import io.msgframe.store.read.GetMessageStatus;
import io.msgframe.store.read.MessageFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionServiceTest {
    /** 10:30 UTC: not a delete hour under deleteWhen=04. */
    private static final Instant DAYTIME = ZonedDateTime.of(2026, 3, 10, 10, 30, 0, 0, ZoneOffset.UTC).toInstant();
    /** 04:15 UTC: a delete hour. */
    private static final Instant DELETE_HOUR = ZonedDateTime.of(2026, 3, 11, 4, 15, 0, 0, ZoneOffset.UTC).toInstant();

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(DAYTIME);
    private final AtomicReference<DiskUsage> usage = new AtomicReference<>(path -> 0.10);
    private MessageStore store;

    static final class SettableClock extends Clock {
        volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    private StoreConfig config(String... overrides) {
        String[] base = {"fileReservedHours", "2", "deleteWhen", "04", "diskCleanPercent", "75",
                "diskFullRatio", "0.90", "flushMinPages", "0"};
        String[] all = new String[base.length + overrides.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(overrides, 0, all, base.length, overrides.length);
        return StoreTestSupport.smallConfig(dir, all);
    }

    private MessageStore start(String... overrides) {
        store = new MessageStore(config(overrides), clock, path -> usage.get().usedRatio(path));
        store.start();
        return store;
    }

    /** Appends 1 KiB messages to T/0 (with keys) until the commit log has {@code files} files. */
    private int fillFiles(int files) throws InterruptedException {
        String body = "x".repeat(1024);
        int n = 0;
        while (store.commitLog().segments().segments().size() < files) {
            AppendResult r = store.append(StoreTestSupport.message("T", 0, body, "tag", "key-" + n));
            assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
            n++;
        }
        store.awaitDispatched(5_000);
        awaitFlushed();
        return n;
    }

    /** Waits until the async flusher has forced everything, so no later write touches the old files. */
    private void awaitFlushed() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.commitLog().segments().flushedOffset() < store.commitLog().maxOffset()) {
            assertThat(System.nanoTime()).as("flush did not catch up").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** A file goes when its last reference is released, which may be another thread's (a flush in progress). */
    private static void awaitGone(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Files.exists(file)) {
            assertThat(System.nanoTime()).as("%s still exists", file).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private List<MappedSegment> files() {
        return List.copyOf(store.commitLog().segments().segments());
    }

    private void setAge(MappedSegment file, Duration age) throws IOException {
        Files.setLastModifiedTime(file.path(), FileTime.from(clock.now.minus(age)));
    }

    private List<String> commitLogFileNames() throws IOException {
        try (Stream<Path> files = Files.list(store.config().commitLogDir())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private long indexFileCount() throws IOException {
        try (Stream<Path> files = Files.list(store.config().indexDir())) {
            return files.count();
        }
    }

    @Test
    void expiredFilesAreDeletedOnlyAtADeleteHour() throws Exception {
        start();
        fillFiles(4);
        List<MappedSegment> files = files();
        for (MappedSegment f : files) {
            setAge(f, Duration.ofHours(3));
        }

        assertThat(store.retention().runOnce()).as("10:30 is not a delete hour").isZero();
        assertThat(store.commitLog().segments().segments()).hasSize(4);

        clock.now = DELETE_HOUR;
        for (MappedSegment f : files) {
            setAge(f, Duration.ofHours(3));
        }
        assertThat(store.retention().runOnce()).isEqualTo(3);
        assertThat(store.commitLog().segments().segments()).containsExactly(files.get(3));
        assertThat(commitLogFileNames()).contains(files.get(3).path().getFileName().toString())
                .doesNotContain(files.get(0).path().getFileName().toString(),
                        files.get(2).path().getFileName().toString());
        assertThat(store.commitLog().minOffset()).isEqualTo(files.get(3).startOffset());
    }

    @Test
    void filesYoungerThanTheReservedTimeStayEvenAtADeleteHour() throws Exception {
        clock.now = DELETE_HOUR;
        start();
        fillFiles(4);
        List<MappedSegment> files = files();
        setAge(files.get(0), Duration.ofHours(5));
        setAge(files.get(1), Duration.ofHours(2));
        setAge(files.get(2), Duration.ofMinutes(90));
        setAge(files.get(3), Duration.ofHours(9)); // the active file: never deleted

        assertThat(store.retention().runOnce()).as("deletion stops at the first young file").isEqualTo(2);
        assertThat(store.commitLog().segments().segments()).containsExactly(files.get(2), files.get(3));
    }

    @Test
    void underDiskPressureTheOldestFilesGoEvenIfYoungUntilTheUsageDrops() throws Exception {
        start();
        fillFiles(5);
        List<MappedSegment> files = files();
        Path commitLogDir = store.config().commitLogDir();
        // 80% while more than three commit-log files are mapped, then 50%
        usage.set(path -> store.commitLog().segments().segments().size() > 3 ? 0.80 : 0.50);

        assertThat(store.retention().runOnce()).isEqualTo(2);
        assertThat(store.commitLog().segments().segments()).containsExactly(files.get(2), files.get(3),
                files.get(4));
        awaitGone(commitLogDir.resolve(files.get(0).path().getFileName()));
        assertThat(store.retention().runOnce()).as("no pressure, nothing expired").isZero();
    }

    @Test
    void theActiveFileIsNeverDeletedAndAppendsGoOnAfterEverythingElseWent() throws Exception {
        clock.now = DELETE_HOUR;
        start();
        fillFiles(3);
        List<MappedSegment> files = files();
        for (MappedSegment f : files) {
            setAge(f, Duration.ofDays(30));
        }
        usage.set(path -> 0.85);

        assertThat(store.retention().runOnce()).isEqualTo(2);
        assertThat(store.retention().runOnce()).isZero();
        assertThat(store.commitLog().segments().segments()).containsExactly(files.get(2));
        assertThat(store.isWritable()).as("0.85 is below diskFullRatio").isTrue();
        AppendResult r = store.append(StoreTestSupport.message("T", 0, "after", null, null));
        assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
    }

    @Test
    void atMostTenFilesGoInOneRun() throws Exception {
        start();
        fillFiles(13);
        usage.set(path -> 0.85);
        assertThat(store.retention().runOnce()).isEqualTo(10);
        assertThat(store.retention().runOnce()).isEqualTo(2);
        assertThat(store.commitLog().segments().segments()).hasSize(1);
    }

    @Test
    void consumeQueueMinimumsFollowTheCommitLogAndOldOffsetsBecomeTooSmall() throws Exception {
        start();
        for (int i = 0; i < 40; i++) {
            store.append(StoreTestSupport.message("U", 1, "u" + i, null, null));
        }
        int n = fillFiles(4);
        long oldFirstQueueOffsetOfT = 0;
        usage.set(path -> 0.80);

        store.retention().runOnce();

        long commitLogMin = store.commitLog().minOffset();
        assertThat(commitLogMin).isPositive();
        long minT = store.minOffset("T", 0);
        assertThat(minT).isPositive();
        assertThat(store.maxOffset("T", 0)).isEqualTo(n);
        assertThat(store.minOffset("U", 1)).as("every U message was in the deleted files").isEqualTo(40);
        try (GetMessageResult r = store.getMessages("g", "T", 0, oldFirstQueueOffsetOfT, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.OFFSET_TOO_SMALL);
            assertThat(r.nextBeginOffset()).isEqualTo(minT);
        }
        try (GetMessageResult r = store.getMessages("g", "T", 0, minT, 1, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(r.messages().get(0).logOffset()).isGreaterThanOrEqualTo(commitLogMin);
        }
        try (GetMessageResult r = store.getMessages("g", "T", 0, minT - 1, 1, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.OFFSET_TOO_SMALL);
        }
        assertThat(store.offsetByTime("T", 0, 0)).isEqualTo(minT);
        // T/0's first consume-queue file pointed only below (the checkpoint thread may hold it a moment)
        awaitGone(store.config().consumeQueueDir().resolve("T").resolve("0").resolve(MappedSegment.fileName(0)));
    }

    @Test
    void consumeQueueMinimumsStayWhereRetentionMovedThemAfterARestart() throws Exception {
        start();
        fillFiles(4);
        usage.set(path -> 0.80);
        store.retention().runOnce();
        long minT = store.minOffset("T", 0);
        long maxT = store.maxOffset("T", 0);
        assertThat(minT).isPositive();
        store.shutdown();

        usage.set(path -> 0.10);
        start();
        assertThat(store.minOffset("T", 0)).isEqualTo(minT);
        assertThat(store.maxOffset("T", 0)).isEqualTo(maxT);
        try (GetMessageResult r = store.getMessages("g", "T", 0, minT - 1, 1, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.OFFSET_TOO_SMALL);
            assertThat(r.nextBeginOffset()).isEqualTo(minT);
        }
        try (GetMessageResult r = store.getMessages("g", "T", 0, minT, 1, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.FOUND);
        }
    }

    @Test
    void indexFilesWhollyBelowTheNewMinimumFollow() throws Exception {
        start("indexHashSlots", "16", "indexEntries", "32");
        int n = fillFiles(4);
        long before = indexFileCount();
        assertThat(before).isGreaterThan(2);
        List<SegmentSlice> oldHits = store.queryByKey("T", "key-0", 10, 0, Long.MAX_VALUE);
        assertThat(oldHits).hasSize(1);
        oldHits.forEach(SegmentSlice::close);

        usage.set(path -> 0.80);
        store.retention().runOnce();

        assertThat(indexFileCount()).isLessThan(before);
        assertThat(store.queryByKey("T", "key-0", 10, 0, Long.MAX_VALUE)).isEmpty();
        List<SegmentSlice> newest = store.queryByKey("T", "key-" + (n - 1), 10, 0, Long.MAX_VALUE);
        assertThat(newest).hasSize(1);
        newest.forEach(SegmentSlice::close);
    }

    @Test
    void aboveTheFullRatioAppendsAreRefusedWhileReadsGoOnAndResumeWhenUsageDrops() throws Exception {
        start();
        for (int i = 0; i < 5; i++) {
            store.append(StoreTestSupport.message("T", 0, "m" + i, null, null));
        }
        store.awaitDispatched(5_000);

        usage.set(path -> 0.95);
        store.retention().runOnce();
        assertThat(store.retention().isWritable()).isFalse();
        assertThat(store.isWritable()).isFalse();
        assertThat(store.append(StoreTestSupport.message("T", 0, "refused", null, null)).status())
                .isEqualTo(AppendStatus.DISK_FULL);
        try (GetMessageResult r = store.getMessages("g", "T", 0, 0, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(r.messageCount()).isEqualTo(5);
        }

        usage.set(path -> 0.50);
        store.retention().runOnce();
        assertThat(store.isWritable()).isTrue();
        AppendResult resumed = store.append(StoreTestSupport.message("T", 0, "resumed", null, null));
        assertThat(resumed.status()).isEqualTo(AppendStatus.PUT_OK);
        assertThat(resumed.queueOffset()).isEqualTo(5);
    }

    @Test
    void aFileStillReadIsDeletedOnceItsReaderIsDone() throws Exception {
        start();
        fillFiles(3);
        MappedSegment first = files().get(0);
        GetMessageResult held = store.getMessages("g", "T", 0, 0, 1, MessageFilter.ALL);
        usage.set(path -> 0.80);

        store.retention().runOnce();
        assertThat(store.commitLog().segments().segments()).doesNotContain(first);
        assertThat(Files.exists(first.path())).isTrue();

        held.close();
        awaitGone(first.path());
        store.retention().runOnce();
    }
}
