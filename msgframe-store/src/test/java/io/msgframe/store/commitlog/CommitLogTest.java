package io.msgframe.store.commitlog;

import io.msgframe.protocol.message.BatchBody;
import io.msgframe.protocol.message.MagicCode;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.MessageRecordEncoder;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.file.MappedSegment;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.file.SegmentedLog;
import io.msgframe.store.flush.CommitLogFlusher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** The commit log on its own: a flusher that acknowledges at once, a fixed clock. */
class CommitLogTest {
    static final int SEGMENT = 64 * 1024;
    static final int MAX_MESSAGE = 128 * 1024;
    static final long NOW = 1_700_000_000_123L;

    @TempDir
    Path dir;

    private SegmentedLog segments;
    private CommitLog commitLog;
    private final AtomicBoolean writable = new AtomicBoolean(true);

    /** Acknowledges every append at once, like the async flusher. */
    static final class ImmediateFlusher implements CommitLogFlusher {
        @Override
        public void start() {
        }

        @Override
        public java.util.concurrent.CompletableFuture<Boolean> afterAppend(long endOffset, boolean waitForFlush) {
            return java.util.concurrent.CompletableFuture.completedFuture(true);
        }

        @Override
        public long forceCount() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private CommitLog newCommitLog(int maxMessageBytes) {
        segments = new SegmentedLog(dir.resolve("commitlog"), SEGMENT, null);
        CommitLog log = new CommitLog(segments, maxMessageBytes,
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        return log;
    }

    private CommitLog started() {
        commitLog = newCommitLog(MAX_MESSAGE);
        commitLog.start(new ImmediateFlusher(), writable::get, () -> { });
        return commitLog;
    }

    @AfterEach
    void close() {
        if (commitLog != null) {
            commitLog.stop();
        }
        if (segments != null) {
            segments.close();
        }
    }

    static MessageDraft message(String topic, int queueId, String body) {
        return StoreTestSupport.message(topic, queueId, body, "tagA", "key1 key2");
    }

    static MessageDraft withBodySize(String topic, int queueId, int bodySize) {
        byte[] body = new byte[bodySize];
        Arrays.fill(body, (byte) 'b');
        return StoreTestSupport.message(topic, queueId, "", null, null).body(body);
    }

    private MessageRecord readBack(long physicalOffset) {
        SegmentSlice slice = commitLog.read(physicalOffset);
        assertThat(slice).as("record at %d", physicalOffset).isNotNull();
        ByteBuffer copy = ByteBuffer.allocate(slice.length());
        copy.put(slice.buffer().duplicate()).flip();
        slice.close();
        return new MessageRecord().wrap(copy, 0);
    }

    private static ByteBuffer batch(List<String> bodies, List<Map<String, String>> properties) {
        ByteBuffer dst = ByteBuffer.allocate(256 * 1024);
        for (int i = 0; i < bodies.size(); i++) {
            BatchBody.writeEntry(dst, 100 + i, ByteBuffer.wrap(bodies.get(i).getBytes(StandardCharsets.UTF_8)),
                    MessageProperties.encode(properties.get(i)));
        }
        return dst.flip();
    }

    private static MessageDraft template(String topic, int queueId) {
        return new MessageDraft().topic(topic).queueId(queueId).bornTimestamp(NOW - 5)
                .bornHost(StoreTestSupport.BORN_HOST).storeHost(StoreTestSupport.STORE_HOST);
    }

    // --- offsets -------------------------------------------------------------------------------------

    @Test
    void singleAppendsGetBackToBackPhysicalOffsetsAndDenseQueueOffsetsPerTopicAndQueue() {
        started();
        AppendResult a0 = commitLog.append(message("A", 0, "a0"));
        AppendResult a1 = commitLog.append(message("A", 0, "a1"));
        AppendResult b0 = commitLog.append(message("A", 1, "b0"));
        AppendResult c0 = commitLog.append(message("C", 0, "c0"));
        AppendResult a2 = commitLog.append(message("A", 0, "a2"));

        assertThat(List.of(a0, a1, b0, c0, a2)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
            assertThat(r.isOk()).isTrue();
            assertThat(r.messageCount()).isEqualTo(1);
            assertThat(r.physicalOffsets()).containsExactly(r.physicalOffset());
            assertThat(r.storeTimestamp()).isEqualTo(NOW);
        });
        assertThat(a0.physicalOffset()).isZero();
        assertThat(a1.physicalOffset()).isEqualTo(a0.endOffset());
        assertThat(b0.physicalOffset()).isEqualTo(a1.endOffset());
        assertThat(c0.physicalOffset()).isEqualTo(b0.endOffset());
        assertThat(a2.physicalOffset()).isEqualTo(c0.endOffset());
        assertThat(commitLog.maxOffset()).isEqualTo(a2.endOffset());
        assertThat(a0.wroteBytes()).isEqualTo(MessageRecordEncoder.encodedSize(message("A", 0, "a0")));

        assertThat(List.of(a0.queueOffset(), a1.queueOffset(), a2.queueOffset())).containsExactly(0L, 1L, 2L);
        assertThat(b0.queueOffset()).isZero();
        assertThat(c0.queueOffset()).isZero();
        assertThat(commitLog.nextQueueOffset("A", 0)).isEqualTo(3);
        assertThat(commitLog.nextQueueOffset("A", 1)).isEqualTo(1);
        assertThat(commitLog.nextQueueOffset("nope", 0)).isZero();
        assertThat(commitLog.queueOffsetSnapshot()).containsExactlyInAnyOrderEntriesOf(
                Map.of("A/0", 3L, "A/1", 1L, "C/0", 1L));
    }

    @Test
    void queueOffsetsContinueFromWhatRecoverySet() {
        started();
        commitLog.setNextQueueOffset("T", 2, 41);
        assertThat(commitLog.append(message("T", 2, "x")).queueOffset()).isEqualTo(41);
        assertThat(commitLog.append(message("T", 2, "y")).queueOffset()).isEqualTo(42);
        commitLog.removeTopic("T");
        assertThat(commitLog.append(message("T", 2, "z")).queueOffset()).isZero();
    }

    @Test
    void storedRecordCarriesItsPhysicalOffsetQueueOffsetStoreTimeHostsAndBodyCrc() {
        started();
        commitLog.append(message("T", 3, "first"));
        MessageDraft draft = message("T", 3, "hello, commit log").flag(77).reconsumeTimes(2);
        AppendResult r = commitLog.append(draft);

        MessageRecord rec = readBack(r.physicalOffset());
        assertThat(rec.totalSize()).isEqualTo(r.wroteBytes());
        assertThat(rec.magic()).isEqualTo(MagicCode.V1);
        assertThat(rec.physicalOffset()).isEqualTo(r.physicalOffset());
        assertThat(rec.queueOffset()).isEqualTo(1);
        assertThat(rec.storeTimestamp()).isEqualTo(NOW);
        assertThat(rec.storeHost()).isEqualTo(StoreTestSupport.STORE_HOST);
        assertThat(rec.bornHost()).isEqualTo(StoreTestSupport.BORN_HOST);
        assertThat(rec.bornTimestamp()).isEqualTo(draft.bornTimestamp());
        assertThat(rec.queueId()).isEqualTo(3);
        assertThat(rec.flag()).isEqualTo(77);
        assertThat(rec.reconsumeTimes()).isEqualTo(2);
        assertThat(rec.topic()).isEqualTo("T");
        assertThat(new String(rec.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("hello, commit log");
        assertThat(rec.propertiesString()).isEqualTo(draft.properties());
        assertThat(rec.property(PropertyKeys.TAGS)).isEqualTo("tagA");
        CRC32 crc = new CRC32();
        crc.update("hello, commit log".getBytes(StandardCharsets.UTF_8));
        assertThat(rec.bodyCrc()).isEqualTo((int) (crc.getValue() & 0x7FFFFFFF));
    }

    @Test
    void readReturnsNullOutsideTheWrittenLogAndForAnOffsetInsideARecordOfWrongSize() {
        started();
        AppendResult r = commitLog.append(message("T", 0, "x"));
        assertThat(commitLog.read(r.endOffset())).isNull();
        assertThat(commitLog.read(r.physicalOffset(), r.wroteBytes() + 1)).isNull();
        assertThat(commitLog.read(10L * SEGMENT)).isNull();
        try (SegmentSlice slice = commitLog.read(r.physicalOffset(), r.wroteBytes())) {
            assertThat(slice.length()).isEqualTo(r.wroteBytes());
        }
    }

    // --- end of file ---------------------------------------------------------------------------------

    @Test
    void recordThatFitsWithExactlyEightBytesToSpareStaysInTheFile() {
        started();
        int second = MessageRecordEncoder.encodedSize(withBodySize("T", 0, 10));
        int overhead = MessageRecordEncoder.encodedSize(withBodySize("T", 0, 0));
        int firstBody = SEGMENT - second - MagicCode.BLANK_SIZE - overhead;
        AppendResult r1 = commitLog.append(withBodySize("T", 0, firstBody));
        AppendResult r2 = commitLog.append(withBodySize("T", 0, 10));

        assertThat(r1.endOffset()).isEqualTo(SEGMENT - second - 8);
        assertThat(r2.physicalOffset()).isEqualTo(r1.endOffset());
        assertThat(r2.endOffset()).isEqualTo(SEGMENT - 8);
        assertThat(segments.segments()).hasSize(1);

        AppendResult r3 = commitLog.append(withBodySize("T", 0, 0));
        assertThat(r3.physicalOffset()).isEqualTo(SEGMENT);
        ByteBuffer file = segments.first().readView();
        assertThat(file.getInt(SEGMENT - 8)).isEqualTo(8);
        assertThat(file.getInt(SEGMENT - 4)).isEqualTo(MagicCode.BLANK);
    }

    @Test
    void rollsToNextFileWithBlankMarkerWhenRecordDoesNotFit() throws Exception {
        started();
        int second = MessageRecordEncoder.encodedSize(withBodySize("T", 0, 10));
        int overhead = MessageRecordEncoder.encodedSize(withBodySize("T", 0, 0));
        int firstBody = SEGMENT - second - MagicCode.BLANK_SIZE + 1 - overhead; // one byte short
        AppendResult r1 = commitLog.append(withBodySize("T", 0, firstBody));
        AppendResult r2 = commitLog.append(withBodySize("T", 0, 10));

        assertThat(r2.status()).isEqualTo(AppendStatus.PUT_OK);
        assertThat(r2.physicalOffset()).as("the record starts the next file").isEqualTo(SEGMENT);
        assertThat(r2.queueOffset()).isEqualTo(1);
        assertThat(segments.segments()).hasSize(2);
        MappedSegment first = segments.first();
        assertThat(first.wrotePosition()).isEqualTo(SEGMENT);
        ByteBuffer file = first.readView();
        int blankAt = (int) r1.endOffset();
        assertThat(file.getInt(blankAt)).as("int32 remaining bytes of the file").isEqualTo(SEGMENT - blankAt);
        assertThat(file.getInt(blankAt + 4)).isEqualTo(MagicCode.BLANK);
        assertThat(Files.list(dir.resolve("commitlog")).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("00000000000000000000", "00000000000000065536");
        assertThat(readBack(r2.physicalOffset()).physicalOffset()).isEqualTo(SEGMENT);
    }

    @Test
    void messageLargerThanACommitLogFileIsIllegalAndLeavesTheLogUntouched() {
        started();
        commitLog.append(message("T", 0, "before"));
        long end = commitLog.maxOffset();

        AppendResult r = commitLog.append(withBodySize("T", 0, SEGMENT + 10));

        assertThat(r.status()).isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        assertThat(commitLog.maxOffset()).isEqualTo(end);
        assertThat(segments.segments()).hasSize(1);
        assertThat(commitLog.append(message("T", 0, "after")).queueOffset())
                .as("no queue offset was used by the refused message").isEqualTo(1);
    }

    // --- batches -------------------------------------------------------------------------------------

    @Test
    void batchAppendStoresOneRecordPerEntryWithConsecutiveQueueOffsets() {
        started();
        commitLog.append(message("B", 2, "single"));
        List<String> bodies = List.of("e0", "entry-1", "", "entry three");
        List<Map<String, String>> props = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put(PropertyKeys.UNIQ_KEY, "U" + i);
            p.put(PropertyKeys.TAGS, "t" + i);
            props.add(p);
        }
        AppendResult r = commitLog.appendBatch(template("B", 2), batch(bodies, props));

        assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
        assertThat(r.messageCount()).isEqualTo(4);
        assertThat(r.queueOffset()).isEqualTo(1);
        assertThat(r.physicalOffsets()).hasSize(4);
        assertThat(r.physicalOffsets()[0]).isEqualTo(r.physicalOffset());
        long expected = r.physicalOffset();
        for (int i = 0; i < 4; i++) {
            assertThat(r.physicalOffsets()[i]).isEqualTo(expected);
            MessageRecord rec = readBack(r.physicalOffsets()[i]);
            assertThat(rec.physicalOffset()).isEqualTo(expected);
            assertThat(rec.queueOffset()).isEqualTo(1 + i);
            assertThat(rec.topic()).isEqualTo("B");
            assertThat(rec.queueId()).isEqualTo(2);
            assertThat(rec.flag()).isEqualTo(100 + i);
            assertThat(rec.storeTimestamp()).isEqualTo(NOW);
            assertThat(rec.bornTimestamp()).isEqualTo(NOW - 5);
            assertThat(rec.storeHost()).isEqualTo(StoreTestSupport.STORE_HOST);
            assertThat(new String(rec.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo(bodies.get(i));
            assertThat(rec.properties()).containsExactlyEntriesOf(props.get(i));
            expected += rec.totalSize();
        }
        assertThat(r.endOffset()).isEqualTo(expected);
        assertThat(commitLog.maxOffset()).isEqualTo(expected);
        assertThat(commitLog.nextQueueOffset("B", 2)).isEqualTo(5);
    }

    @Test
    void batchThatDoesNotFitTheRestOfAFileGoesWholeIntoTheNextFile() {
        started();
        AppendResult filler = commitLog.append(withBodySize("T", 0, SEGMENT - 3000));
        List<String> bodies = new ArrayList<>();
        List<Map<String, String>> props = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add("x".repeat(500));
            props.add(Map.of("i", Integer.toString(i)));
        }
        AppendResult r = commitLog.appendBatch(template("T", 0), batch(bodies, props));

        assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
        assertThat(r.physicalOffset()).isEqualTo(SEGMENT);
        assertThat(r.queueOffset()).isEqualTo(1);
        for (long offset : r.physicalOffsets()) {
            assertThat(segments.find(offset)).isSameAs(segments.last());
        }
        assertThat(segments.first().readView().getInt((int) filler.endOffset() + 4)).isEqualTo(MagicCode.BLANK);
    }

    @Test
    void batchLargerThanACommitLogFileIsIllegal() {
        started();
        List<String> bodies = new ArrayList<>();
        List<Map<String, String>> props = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add("y".repeat(2000));
            props.add(Map.of());
        }
        AppendResult r = commitLog.appendBatch(template("T", 0), batch(bodies, props));
        assertThat(r.status()).isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        assertThat(commitLog.maxOffset()).isZero();
    }

    @Test
    void malformedOrEmptyBatchIsIllegal() {
        started();
        ByteBuffer garbage = ByteBuffer.wrap(new byte[]{0, 0, 0, 99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                15, 16, 17, 18, 19, 20});
        assertThat(commitLog.appendBatch(template("T", 0), garbage).status()).isEqualTo(AppendStatus.MESSAGE_ILLEGAL);

        ByteBuffer truncated = batch(List.of("abc", "def"), List.of(Map.of(), Map.of()));
        truncated.limit(truncated.limit() - 1);
        assertThat(commitLog.appendBatch(template("T", 0), truncated).status())
                .isEqualTo(AppendStatus.MESSAGE_ILLEGAL);

        assertThat(commitLog.appendBatch(template("T", 0), ByteBuffer.allocate(0)).status())
                .isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        assertThat(commitLog.maxOffset()).isZero();
        assertThat(commitLog.nextQueueOffset("T", 0)).isZero();
    }

    // --- refusals ------------------------------------------------------------------------------------

    @Test
    void bodyLargerThanMaxMessageBytesIsIllegalAndTheLimitItselfIsAccepted() {
        commitLog = newCommitLog(1024);
        commitLog.start(new ImmediateFlusher(), () -> true, () -> { });

        AppendResult tooBig = commitLog.append(withBodySize("T", 0, 1025));
        assertThat(tooBig.status()).isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        assertThat(tooBig.error()).contains("1025");
        assertThat(tooBig.status().isWritten()).isFalse();
        assertThat(commitLog.append(withBodySize("T", 0, 1024)).status()).isEqualTo(AppendStatus.PUT_OK);
    }

    @Test
    void batchWhoseBodyExceedsMaxMessageBytesIsIllegal() {
        commitLog = newCommitLog(1024);
        commitLog.start(new ImmediateFlusher(), () -> true, () -> { });

        ByteBuffer body = batch(List.of("z".repeat(2000)), List.of(Map.of()));
        assertThat(commitLog.appendBatch(template("T", 0), body).status()).isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        assertThat(commitLog.maxOffset()).isZero();
    }

    @Test
    void emptyOrMissingTopicAndNegativeQueueIdAreIllegal() {
        started();
        assertThat(commitLog.append(message("", 0, "x")).status()).isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        assertThat(commitLog.append(message("T", 0, "x").topic(null)).status())
                .isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        assertThat(commitLog.append(message("T", -1, "x")).status()).isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        assertThat(commitLog.appendBatch(template("", 0), batch(List.of("a"), List.of(Map.of()))).status())
                .isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        assertThat(commitLog.maxOffset()).isZero();
    }

    @Test
    void propertiesLongerThan32767BytesAreRefusedWithPropertiesSizeExceeded() {
        started();
        String limit = "K" + MessageProperties.NAME_VALUE_SEPARATOR + "v".repeat(32767 - 3)
                + MessageProperties.PROPERTY_SEPARATOR;
        assertThat(limit.getBytes(StandardCharsets.UTF_8)).hasSize(32767);
        assertThat(commitLog.append(message("T", 0, "x").properties(limit)).status()).isEqualTo(AppendStatus.PUT_OK);

        String over = "K" + MessageProperties.NAME_VALUE_SEPARATOR + "v".repeat(32767 - 2)
                + MessageProperties.PROPERTY_SEPARATOR;
        AppendResult r = commitLog.append(message("T", 0, "x").properties(over));
        assertThat(r.status()).isEqualTo(AppendStatus.PROPERTIES_SIZE_EXCEEDED);

        String multiByte = "K" + MessageProperties.NAME_VALUE_SEPARATOR + "é".repeat(20_000)
                + MessageProperties.PROPERTY_SEPARATOR;
        assertThat(commitLog.append(message("T", 0, "x").properties(multiByte)).status())
                .as("the limit counts UTF-8 bytes, not chars").isEqualTo(AppendStatus.PROPERTIES_SIZE_EXCEEDED);

        ByteBuffer batch = batch(List.of("a"), List.of(Map.of("K", "v".repeat(40_000))));
        assertThat(commitLog.appendBatch(template("T", 0), batch).status())
                .isEqualTo(AppendStatus.PROPERTIES_SIZE_EXCEEDED);
        assertThat(commitLog.nextQueueOffset("T", 0)).isEqualTo(1);
    }

    @Test
    void appendsBeforeStartAndAfterStopAreRefusedAsServiceNotAvailable() {
        commitLog = newCommitLog(MAX_MESSAGE);
        assertThat(commitLog.append(message("T", 0, "x")).status()).isEqualTo(AppendStatus.SERVICE_NOT_AVAILABLE);
        assertThat(commitLog.appendBatch(template("T", 0), batch(List.of("a"), List.of(Map.of()))).status())
                .isEqualTo(AppendStatus.SERVICE_NOT_AVAILABLE);

        commitLog.start(new ImmediateFlusher(), () -> true, () -> { });
        assertThat(commitLog.append(message("T", 0, "x")).status()).isEqualTo(AppendStatus.PUT_OK);

        commitLog.stop();
        AppendResult after = commitLog.append(message("T", 0, "x"));
        assertThat(after.status()).isEqualTo(AppendStatus.SERVICE_NOT_AVAILABLE);
        assertThat(after.physicalOffset()).isEqualTo(-1);
        assertThat(commitLog.nextQueueOffset("T", 0)).isEqualTo(1);
    }

    @Test
    void appendsAreRefusedAsDiskFullWhileTheGateSaysNo() {
        started();
        writable.set(false);
        assertThat(commitLog.append(message("T", 0, "x")).status()).isEqualTo(AppendStatus.DISK_FULL);
        assertThat(commitLog.maxOffset()).isZero();
        writable.set(true);
        assertThat(commitLog.append(message("T", 0, "x")).status()).isEqualTo(AppendStatus.PUT_OK);
    }

    @Test
    void failedResultsCarryNoPositions() {
        AppendResult failed = AppendResult.failed(AppendStatus.UNKNOWN_ERROR, "why");
        assertThat(failed.isOk()).isFalse();
        assertThat(failed.physicalOffsets()).isEmpty();
        assertThat(failed.messageCount()).isZero();
        assertThat(failed.error()).isEqualTo("why");
        assertThat(AppendStatus.FLUSH_DISK_TIMEOUT.isWritten()).isTrue();
        assertThat(AppendStatus.PUT_OK.isWritten()).isTrue();
        assertThat(Arrays.stream(AppendStatus.values()).filter(AppendStatus::isWritten)).hasSize(2);
    }

    // --- transactions --------------------------------------------------------------------------------

    @Test
    void preparedAndRollbackRecordsGetQueueOffsetZeroAndDoNotAdvanceTheQueue() {
        started();
        AppendResult normal = commitLog.append(message("T", 0, "n0"));
        AppendResult prepared = commitLog.append(message("T", 0, "half")
                .sysFlag(SysFlag.TRANSACTION_PREPARED_TYPE));
        AppendResult rollback = commitLog.append(message("T", 0, "rb")
                .sysFlag(SysFlag.TRANSACTION_ROLLBACK_TYPE));
        AppendResult commit = commitLog.append(message("T", 0, "commit")
                .sysFlag(SysFlag.TRANSACTION_COMMIT_TYPE));
        AppendResult preparedBatch = commitLog.appendBatch(template("T", 0)
                .sysFlag(SysFlag.TRANSACTION_PREPARED_TYPE), batch(List.of("a", "b"), List.of(Map.of(), Map.of())));

        assertThat(normal.queueOffset()).isZero();
        assertThat(prepared.queueOffset()).isZero();
        assertThat(rollback.queueOffset()).isZero();
        assertThat(commit.queueOffset()).isEqualTo(1);
        assertThat(preparedBatch.queueOffset()).isZero();
        assertThat(readBack(prepared.physicalOffset()).queueOffset()).isZero();
        assertThat(readBack(prepared.physicalOffset()).sysFlag() & SysFlag.TRANSACTION_ROLLBACK_TYPE)
                .isEqualTo(SysFlag.TRANSACTION_PREPARED_TYPE);
        assertThat(readBack(preparedBatch.physicalOffsets()[1]).queueOffset()).isZero();
        assertThat(readBack(commit.physicalOffset()).queueOffset()).isEqualTo(1);
        assertThat(commitLog.nextQueueOffset("T", 0)).isEqualTo(2);
    }

    // --- concurrency ---------------------------------------------------------------------------------

    @Test
    void concurrentAppendsFromEightThreadsDoNotOverlapAndGetDenseQueueOffsets() throws Exception {
        started();
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<AppendResult>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                List<AppendResult> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    String body = "t" + thread + "-" + i + "-" + "p".repeat((thread * 37 + i * 13) % 700);
                    mine.add(commitLog.append(message("T", thread % 2, body)));
                }
                return mine;
            }));
        }
        go.countDown();
        Map<Long, String> bodyAt = new HashMap<>();
        List<AppendResult> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<AppendResult> mine = futures.get(t).get(30, TimeUnit.SECONDS);
            long lastQueueOffset = -1;
            for (int i = 0; i < mine.size(); i++) {
                AppendResult r = mine.get(i);
                assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
                assertThat(r.queueOffset()).as("one thread's messages keep their order").isGreaterThan(lastQueueOffset);
                lastQueueOffset = r.queueOffset();
                bodyAt.put(r.physicalOffset(), "t" + t + "-" + i + "-");
            }
            all.addAll(mine);
        }
        pool.shutdown();

        all.sort(Comparator.comparingLong(AppendResult::physicalOffset));
        for (int i = 1; i < all.size(); i++) {
            AppendResult prev = all.get(i - 1);
            AppendResult cur = all.get(i);
            assertThat(cur.physicalOffset()).as("no overlap").isGreaterThanOrEqualTo(prev.endOffset());
            if (cur.physicalOffset() / SEGMENT == prev.physicalOffset() / SEGMENT) {
                assertThat(cur.physicalOffset()).as("no hole inside a file").isEqualTo(prev.endOffset());
            }
        }
        for (int q = 0; q < 2; q++) {
            int queue = q;
            List<Long> queueOffsets = all.stream().filter(r -> readBack(r.physicalOffset()).queueId() == queue)
                    .map(AppendResult::queueOffset).toList();
            assertThat(queueOffsets).as("dense and in commit-log order")
                    .isEqualTo(java.util.stream.LongStream.range(0, threads / 2 * perThread).boxed().toList());
        }
        for (AppendResult r : all) {
            MessageRecord rec = readBack(r.physicalOffset());
            assertThat(rec.physicalOffset()).isEqualTo(r.physicalOffset());
            assertThat(rec.queueOffset()).isEqualTo(r.queueOffset());
            assertThat(new String(rec.bodyBytes(), StandardCharsets.UTF_8)).startsWith(bodyAt.get(r.physicalOffset()));
        }
    }
}
