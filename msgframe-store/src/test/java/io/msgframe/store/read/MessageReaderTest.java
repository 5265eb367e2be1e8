package io.msgframe.store.read;

import io.msgframe.protocol.message.MagicCode;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import io.msgframe.store.config.StoreConfig;
import io.msgframe.store.file.MappedSegment;
import io.msgframe.store.file.SegmentSlice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The read path through the store facade: every status, limits, zero copy, key and time queries. */
class MessageReaderTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private MessageStore store;
    private final MovableClock clock = new MovableClock();
    private volatile double diskUsage = 0.10;

    static final class MovableClock extends Clock {
        final AtomicLong millis = new AtomicLong(T0);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    private MessageStore start(String... overrides) {
        StoreConfig config = StoreTestSupport.smallConfig(dir, overrides);
        store = new MessageStore(config, clock, path -> diskUsage);
        store.start();
        return store;
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    private AppendResult append(String topic, int queueId, String body, String tag, String keys) {
        AppendResult r = store.append(StoreTestSupport.message(topic, queueId, body, tag, keys));
        assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
        return r;
    }

    private void dispatched() throws InterruptedException {
        store.awaitDispatched(5_000);
    }

    private static MessageRecord record(SegmentSlice slice) {
        return new MessageRecord().wrap(slice.buffer(), 0);
    }

    private static String body(SegmentSlice slice) {
        return new String(record(slice).bodyBytes(), StandardCharsets.UTF_8);
    }

    // --- statuses ------------------------------------------------------------------------------------

    @Test
    void foundReturnsTheRecordsFromTheOffsetWithTheirQueueOffsetsAndTheNextOffset() throws Exception {
        start();
        for (int i = 0; i < 10; i++) {
            append("T", 1, "m" + i, "tag", null);
        }
        append("T", 2, "other queue", null, null);
        dispatched();

        try (GetMessageResult r = store.getMessages("g", "T", 1, 3, 4, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(r.messageCount()).isEqualTo(4);
            assertThat(r.messages()).extracting(MessageReaderTest::body).containsExactly("m3", "m4", "m5", "m6");
            assertThat(r.queueOffsets()).containsExactly(3, 4, 5, 6);
            assertThat(r.messages()).extracting(s -> record(s).queueOffset()).containsExactly(3L, 4L, 5L, 6L);
            assertThat(r.nextBeginOffset()).isEqualTo(7);
            assertThat(r.minOffset()).isZero();
            assertThat(r.maxOffset()).isEqualTo(10);
            assertThat(r.totalBytes()).isEqualTo(r.messages().stream().mapToInt(SegmentSlice::length).sum());
            for (SegmentSlice s : r.messages()) {
                assertThat(record(s).physicalOffset()).isEqualTo(s.logOffset());
                assertThat(record(s).totalSize()).isEqualTo(s.length());
            }
        }
    }

    @Test
    void aTagFilterThatMatchesNothingGivesNoMatchedMessageAndMovesPastTheScannedEntries() throws Exception {
        start();
        for (int i = 0; i < 12; i++) {
            append("T", 0, "m" + i, "red", null);
        }
        dispatched();

        try (GetMessageResult r = store.getMessages("g", "T", 0, 2, 5, MessageFilter.tags("blue"))) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.NO_MATCHED_MESSAGE);
            assertThat(r.messages()).isEmpty();
            assertThat(r.queueOffsets()).isEmpty();
            assertThat(r.nextBeginOffset()).isEqualTo(12);
            assertThat(r.maxOffset()).isEqualTo(12);
        }
    }

    @Test
    void aTagFilterReturnsOnlyMatchingMessagesAndTheNextOffsetFollowsTheLastOneReturned() throws Exception {
        start();
        for (int i = 0; i < 12; i++) {
            append("T", 0, "m" + i, i % 3 == 0 ? "blue" : "red", null);
        }
        append("T", 0, "untagged", null, null);
        dispatched();

        try (GetMessageResult r = store.getMessages("g", "T", 0, 1, 2, MessageFilter.tags("blue", "green"))) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(r.queueOffsets()).containsExactly(3, 6);
            assertThat(r.messages()).extracting(s -> record(s).property(PropertyKeys.TAGS))
                    .containsOnly("blue");
            assertThat(r.nextBeginOffset()).isEqualTo(7);
        }
    }

    @Test
    void aRecordFilterSeesTheStoredRecordOfEveryTagMatch() throws Exception {
        start();
        for (int i = 0; i < 6; i++) {
            append("T", 0, i % 2 == 0 ? "even" : "odd", null, null);
        }
        dispatched();
        MessageFilter evenBodies = new MessageFilter() {
            @Override
            public boolean matchesTagsCode(long tagsCode) {
                return true;
            }

            @Override
            public boolean matchesRecord(ByteBuffer record) {
                return new String(new MessageRecord().wrap(record, 0).bodyBytes(), StandardCharsets.UTF_8)
                        .equals("even");
            }
        };
        try (GetMessageResult r = store.getMessages("g", "T", 0, 0, 10, evenBodies)) {
            assertThat(r.queueOffsets()).containsExactly(0, 2, 4);
            assertThat(r.nextBeginOffset()).isEqualTo(6);
        }
    }

    @Test
    void offsetEqualToTheEndIsOverflowOneAndTheNextOffsetStaysThere() throws Exception {
        start();
        for (int i = 0; i < 3; i++) {
            append("T", 0, "m" + i, null, null);
        }
        dispatched();
        try (GetMessageResult r = store.getMessages("g", "T", 0, 3, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_ONE);
            assertThat(r.nextBeginOffset()).isEqualTo(3);
            assertThat(r.messages()).isEmpty();
        }
    }

    @Test
    void offsetPastTheEndIsOverflowBadlyAndTheNextOffsetIsTheEnd() throws Exception {
        start();
        for (int i = 0; i < 3; i++) {
            append("T", 0, "m" + i, null, null);
        }
        dispatched();
        try (GetMessageResult r = store.getMessages("g", "T", 0, 100, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_BADLY);
            assertThat(r.nextBeginOffset()).isEqualTo(3);
            assertThat(r.maxOffset()).isEqualTo(3);
        }
    }

    @Test
    void anExistingButEmptyQueueHasNoMessageInQueue() {
        start();
        store.consumeQueues().findOrCreate("EMPTY", 0);
        try (GetMessageResult r = store.getMessages("g", "EMPTY", 0, 0, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.NO_MESSAGE_IN_QUEUE);
            assertThat(r.nextBeginOffset()).isZero();
            assertThat(r.messages()).isEmpty();
        }
        try (GetMessageResult r = store.getMessages("g", "EMPTY", 0, 5, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.NO_MESSAGE_IN_QUEUE);
        }
    }

    @Test
    void anUnknownTopicOrQueueHasNoMatchedLogicQueue() throws Exception {
        start();
        append("T", 0, "m", null, null);
        dispatched();
        try (GetMessageResult r = store.getMessages("g", "NOPE", 0, 0, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.NO_MATCHED_LOGIC_QUEUE);
            assertThat(r.nextBeginOffset()).isZero();
        }
        try (GetMessageResult r = store.getMessages("g", "T", 9, 0, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.NO_MATCHED_LOGIC_QUEUE);
        }
        assertThat(store.minOffset("NOPE", 0)).isZero();
        assertThat(store.maxOffset("NOPE", 0)).isZero();
        assertThat(store.offsetByTime("NOPE", 0, T0)).isZero();
        assertThat(store.storeTimeAt("NOPE", 0, 0)).isEqualTo(-1);
    }

    @Test
    void anOffsetBelowWhatRetentionKeptIsTooSmallAndTheNextOffsetIsTheMinimum() throws Exception {
        start();
        String body = "x".repeat(1000);
        for (int i = 0; i < 200; i++) {
            append("T", 0, body, null, null);
        }
        dispatched();
        assertThat(store.commitLog().segments().segments()).hasSizeGreaterThan(2);

        diskUsage = 0.80; // above diskCleanPercent 75, below diskFullRatio 0.90
        assertThat(store.retention().runOnce()).isPositive();
        long min = store.minOffset("T", 0);
        assertThat(min).isPositive();

        try (GetMessageResult r = store.getMessages("g", "T", 0, 0, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.OFFSET_TOO_SMALL);
            assertThat(r.nextBeginOffset()).isEqualTo(min);
            assertThat(r.minOffset()).isEqualTo(min);
            assertThat(r.maxOffset()).isEqualTo(200);
        }
        try (GetMessageResult r = store.getMessages("g", "T", 0, min, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(r.queueOffsets()[0]).isEqualTo(min);
            assertThat(r.messages().get(0).logOffset()).isGreaterThanOrEqualTo(store.commitLog().minOffset());
        }
    }

    @Test
    void entriesWhoseRecordsAreQuarantinedAreSkippedAndAloneGiveOffsetFoundNull() throws Exception {
        start();
        AppendResult a = append("T", 0, "a", null, null);
        AppendResult b = append("T", 0, "b", null, null);
        AppendResult c = append("T", 0, "c", null, null);
        dispatched();
        store.quarantine().add(b.physicalOffset(), b.endOffset(), "test: damaged");

        try (GetMessageResult r = store.getMessages("g", "T", 0, 1, 1, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(r.queueOffsets()).as("the quarantined message is never served").containsExactly(2);
            assertThat(r.nextBeginOffset()).isEqualTo(3);
        }
        store.quarantine().add(c.physicalOffset(), c.endOffset(), "test: damaged");
        try (GetMessageResult r = store.getMessages("g", "T", 0, 1, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.OFFSET_FOUND_NULL);
            assertThat(r.messages()).isEmpty();
            assertThat(r.nextBeginOffset()).isEqualTo(3);
        }
        assertThat(store.readRecord(b.physicalOffset())).isNull();
        try (SegmentSlice ok = store.readRecord(a.physicalOffset())) {
            assertThat(body(ok)).isEqualTo("a");
        }
    }

    // --- limits --------------------------------------------------------------------------------------

    @Test
    void aReadReturnsAtMostMaxTransferCountMessagesAndAtLeastOne() throws Exception {
        start("maxTransferCount", "5");
        for (int i = 0; i < 20; i++) {
            append("T", 0, "m" + i, null, null);
        }
        dispatched();
        try (GetMessageResult r = store.getMessages("g", "T", 0, 0, 32, MessageFilter.ALL)) {
            assertThat(r.messageCount()).isEqualTo(5);
            assertThat(r.nextBeginOffset()).isEqualTo(5);
        }
        try (GetMessageResult r = store.getMessages("g", "T", 0, 0, 3, MessageFilter.ALL)) {
            assertThat(r.messageCount()).isEqualTo(3);
        }
        try (GetMessageResult r = store.getMessages("g", "T", 0, 7, 0, MessageFilter.ALL)) {
            assertThat(r.messageCount()).isEqualTo(1);
            assertThat(r.queueOffsets()).containsExactly(7);
        }
    }

    @Test
    void aReadStopsBeforeMaxTransferBytesButAlwaysReturnsTheFirstMessage() throws Exception {
        start("maxTransferBytes", "1024");
        AppendResult first = append("T", 0, "y".repeat(300), null, null);
        for (int i = 0; i < 9; i++) {
            append("T", 0, "y".repeat(300), null, null);
        }
        AppendResult big = append("T", 0, "z".repeat(5000), null, null);
        append("T", 0, "small", null, null);
        dispatched();

        int perRecord = first.wroteBytes();
        try (GetMessageResult r = store.getMessages("g", "T", 0, 0, 32, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(r.messageCount()).isEqualTo(1024 / perRecord);
            assertThat(r.totalBytes()).isLessThanOrEqualTo(1024);
            assertThat(r.nextBeginOffset()).isEqualTo(r.messageCount());
        }
        try (GetMessageResult r = store.getMessages("g", "T", 0, 10, 32, MessageFilter.ALL)) {
            assertThat(r.messageCount()).as("a message larger than the limit still goes out alone").isEqualTo(1);
            assertThat(r.totalBytes()).isEqualTo(big.wroteBytes()).isGreaterThan(1024);
            assertThat(r.nextBeginOffset()).isEqualTo(11);
        }
    }

    // --- zero copy -----------------------------------------------------------------------------------

    @Test
    void messagesAreReadOnlyViewsOfTheMappedFileThatKeepItUntilTheResultIsClosed() throws Exception {
        start();
        String body = "x".repeat(1000);
        for (int i = 0; i < 150; i++) {
            append("T", 0, body, null, null);
        }
        dispatched();
        awaitFlushed(); // so that the flusher holds no reference to the first file either
        MappedSegment firstFile = store.commitLog().segments().first();

        GetMessageResult r = store.getMessages("g", "T", 0, 0, 4, MessageFilter.ALL);
        assertThat(r.messages()).allSatisfy(s -> {
            assertThat(s.buffer().isDirect()).as("a view of the mapped file, not a copy").isTrue();
            assertThat(s.buffer().isReadOnly()).isTrue();
        });
        diskUsage = 0.80;
        assertThat(store.retention().runOnce()).isPositive();
        assertThat(store.commitLog().segments().first()).isNotSameAs(firstFile);
        assertThat(Files.exists(firstFile.path())).as("a reader still holds the file").isTrue();
        assertThat(body(r.messages().get(3))).isEqualTo(body);

        r.close();
        awaitDeleted(firstFile.path());
        r.close(); // closing twice is harmless
    }

    private void awaitFlushed() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.commitLog().segments().flushedOffset() < store.commitLog().maxOffset()) {
            assertThat(System.nanoTime()).as("flush did not catch up").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** The last release may come from another thread holding the file for a moment (the flusher). */
    private static void awaitDeleted(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Files.exists(file)) {
            assertThat(System.nanoTime()).as("%s not deleted after its last reader released it", file)
                    .isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    // --- by key, by time, by offset -------------------------------------------------------------------

    private AppendResult appendWithUniqueKey(String topic, String body, String uniqKey, String keys) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(PropertyKeys.UNIQ_KEY, uniqKey);
        if (keys != null) {
            props.put(PropertyKeys.KEYS, keys);
        }
        MessageDraft draft = StoreTestSupport.message(topic, 0, body, null, null)
                .properties(MessageProperties.encode(props));
        AppendResult r = store.append(draft);
        assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
        return r;
    }

    @Test
    void queryByKeyFindsMessagesByEveryKeysWordAndByUniqueKeyWithinTheTopic() throws Exception {
        start();
        AppendResult a = appendWithUniqueKey("T", "a", "UNIQ-A", "order-1 customer-9");
        AppendResult b = appendWithUniqueKey("T", "b", "UNIQ-B", "order-2 customer-9");
        appendWithUniqueKey("OTHER", "c", "UNIQ-C", "order-1");
        dispatched();

        List<SegmentSlice> byWord = store.queryByKey("T", "customer-9", 10, 0, Long.MAX_VALUE);
        assertThat(byWord).extracting(SegmentSlice::logOffset)
                .containsExactlyInAnyOrder(a.physicalOffset(), b.physicalOffset());
        byWord.forEach(SegmentSlice::close);

        List<SegmentSlice> first = store.queryByKey("T", "order-1", 10, 0, Long.MAX_VALUE);
        assertThat(first).extracting(MessageReaderTest::body).containsExactly("a");
        first.forEach(SegmentSlice::close);

        List<SegmentSlice> byUniq = store.queryByKey("T", "UNIQ-B", 10, 0, Long.MAX_VALUE);
        assertThat(byUniq).extracting(MessageReaderTest::body).containsExactly("b");
        byUniq.forEach(SegmentSlice::close);

        assertThat(store.queryByKey("T", "order", 10, 0, Long.MAX_VALUE)).as("whole words only").isEmpty();
        assertThat(store.queryByKey("T", "UNIQ-C", 10, 0, Long.MAX_VALUE)).as("another topic").isEmpty();
        assertThat(store.queryByKey("T", "customer-9", 10, 0, T0 - 1)).as("before the window").isEmpty();
        List<SegmentSlice> one = store.queryByKey("T", "customer-9", 1, 0, Long.MAX_VALUE);
        assertThat(one).hasSize(1);
        one.forEach(SegmentSlice::close);
    }

    @Test
    void offsetByTimeFindsTheFirstMessageStoredAtOrAfterATime() throws Exception {
        start();
        for (int i = 0; i < 30; i++) {
            clock.millis.set(T0 + (i / 3) * 1000L); // three messages per second
            append("T", 0, "m" + i, null, null);
        }
        dispatched();

        assertThat(store.offsetByTime("T", 0, T0)).isZero();
        assertThat(store.offsetByTime("T", 0, T0 + 1000)).isEqualTo(3);
        assertThat(store.offsetByTime("T", 0, T0 + 1001)).isEqualTo(6);
        assertThat(store.offsetByTime("T", 0, T0 + 9000)).isEqualTo(27);
        assertThat(store.offsetByTime("T", 0, 0)).as("before everything: the minimum").isZero();
        assertThat(store.offsetByTime("T", 0, T0 + 60_000)).as("after everything: the maximum").isEqualTo(30);
        assertThat(store.storeTimeAt("T", 0, 4)).isEqualTo(T0 + 1000);
        assertThat(store.storeTimeAt("T", 0, 30)).isEqualTo(-1);
    }

    @Test
    void readRecordReturnsTheCheckedRecordAtACommitLogOffsetOrNull() throws Exception {
        start();
        AppendResult a = append("T", 0, "first", null, null);
        AppendResult b = append("T", 0, "second", null, null);

        try (SegmentSlice slice = store.readRecord(b.physicalOffset())) {
            assertThat(body(slice)).isEqualTo("second");
            assertThat(slice.logOffset()).isEqualTo(b.physicalOffset());
            assertThat(slice.length()).isEqualTo(b.wroteBytes());
        }
        assertThat(store.readRecord(a.physicalOffset() + 4)).as("not the start of a record").isNull();
        assertThat(store.readRecord(b.endOffset())).as("past the end").isNull();
        assertThat(store.readRecord(-1)).isNull();
    }

    @Test
    void readRecordAtABlankMarkerIsNull() throws Exception {
        start();
        List<AppendResult> results = new ArrayList<>();
        while (store.commitLog().segments().segments().size() < 2) {
            results.add(append("T", 0, "x".repeat(3000), null, null));
        }
        AppendResult lastInFirstFile = results.get(results.size() - 2);
        ByteBuffer firstFile = store.commitLog().segments().first().readView();
        assertThat(firstFile.getInt((int) lastInFirstFile.endOffset() + 4)).isEqualTo(MagicCode.BLANK);
        assertThat(store.readRecord(lastInFirstFile.endOffset())).isNull();
    }

    @Test
    void minAndMaxOffsetsFollowAppends() throws Exception {
        start();
        assertThat(store.maxOffset("T", 0)).isZero();
        for (int i = 0; i < 7; i++) {
            append("T", 0, "m" + i, null, null);
        }
        append("T", 1, "q1", null, null);
        dispatched();
        assertThat(store.minOffset("T", 0)).isZero();
        assertThat(store.maxOffset("T", 0)).isEqualTo(7);
        assertThat(store.maxOffset("T", 1)).isEqualTo(1);
    }
}
