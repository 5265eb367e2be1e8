package io.msgframe.store.crash;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.config.StoreConfig;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.read.GetMessageStatus;
import io.msgframe.store.recovery.Quarantine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes flipped inside one record in the middle of the commit log (bit rot, a bad sector, a stray write).
 * After a crash the recovery scan finds it: the record is quarantined (file and position in the reason),
 * never served nor dispatched, and every record after it is kept. After a clean stop nothing is scanned:
 * reads must then refuse the record on their own (header checks always; body CRC with verifyCrcOnRead).
 */
class CorruptRecordTest {
    private static final String TOPIC = "CorruptTopic";
    private static final int QUEUES = 2;
    private static final int COUNT = 60; // about 12 KiB: one commit-log file, so any scan covers it
    /** Message #30: queue 0, offset 15, the middle of the log. */
    private static final int VICTIM = 30;
    private static final String FIRST_FILE = "00000000000000000000";

    @TempDir
    Path dir;

    // --- crash restart: the scan quarantines ------------------------------------------------------------

    /** The crash is a copy of the directory taken while the store runs: abort file, a running checkpoint. */
    @Test
    void crashRestartQuarantinesARecordWithAFlippedBody_copyTakenWhileRunning() throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        List<CrashSupport.Sent> sent;
        // no checkpoint writes while copying: the copy's checkpoint is the one written at start
        try (MessageStore store = new MessageStore(config(live, "consumeQueueFlushIntervalMs", "60000"))) {
            store.start();
            sent = CrashSupport.appendMessages(store, TOPIC, QUEUES, 0, COUNT);
            CrashSupport.copyTree(live, crashed);
        }
        assertThat(crashed.resolve("abort")).exists();
        CrashSupport.Sent victim = sent.get(VICTIM);
        flipBody(crashed, victim);
        try (MessageStore store = new MessageStore(config(crashed))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isTrue();
            assertQuarantinedAndOthersServed(store, sent, VICTIM);
            sent = appendContinuesAfter(store, sent);
        }
        reopenCleanlyAndCheckStillRefused(crashed, sent, VICTIM);
    }

    /** The crash is simulated after a clean stop by leaving an abort file: recovery scans anyway. */
    @Test
    void crashRestartQuarantinesARecordWithAFlippedBody_abortFileAfterCleanStop() throws Exception {
        List<CrashSupport.Sent> sent = fillAndStop(dir);
        CrashSupport.Sent victim = sent.get(VICTIM);
        flipBody(dir, victim);
        CrashSupport.writeAbortFile(dir);
        try (MessageStore store = new MessageStore(config(dir))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isTrue();
            assertQuarantinedAndOthersServed(store, sent, VICTIM);
            sent = appendContinuesAfter(store, sent);
        }
        reopenCleanlyAndCheckStillRefused(dir, sent, VICTIM);
    }

    /**
     * A flipped byte in a header field (TOTALSIZE, MAGICCODE, PHYSICALOFFSET, BODYLENGTH): the scan cannot
     * trust the record's length, so it resyncs on the next valid record (magic, position and CRC must all
     * match) and quarantines the bytes between.
     */
    @ParameterizedTest(name = "byte {0} of the record flipped")
    @ValueSource(ints = {
            MessageRecord.TOTAL_SIZE_OFFSET + 3,
            MessageRecord.MAGIC_OFFSET + 3,
            MessageRecord.PHYSICAL_OFFSET_OFFSET + 7,
            84 + 3 /* BODYLENGTH with IPv4 hosts */})
    void crashRestartResyncsOnTheNextRecordAfterACorruptHeader(int byteInRecord) throws Exception {
        List<CrashSupport.Sent> sent = fillAndStop(dir);
        CrashSupport.Sent victim = sent.get(VICTIM);
        CrashSupport.flipBytes(CrashSupport.commitLogFile(dir, victim.physicalOffset()),
                victim.physicalOffset() % CrashSupport.SEGMENT + byteInRecord, 1);
        CrashSupport.writeAbortFile(dir);
        try (MessageStore store = new MessageStore(config(dir))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isTrue();
            assertQuarantinedAndOthersServed(store, sent, VICTIM);
            appendContinuesAfter(store, sent);
        }
    }

    /**
     * Corruption on both sides of a file boundary: the last record of one file and the first of the next.
     * Valid records follow in the next file, so this is corruption in the middle of the log, not a torn tail:
     * both records are quarantined and every later file is kept.
     */
    @Test
    void crashRestartKeepsLaterFilesWhenBothSidesOfAFileBoundaryAreCorrupt() throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        List<CrashSupport.Sent> sent;
        try (MessageStore store = new MessageStore(config(live, "consumeQueueFlushIntervalMs", "60000"))) {
            store.start();
            sent = CrashSupport.appendMessages(store, TOPIC, QUEUES, 0, 600);
            CrashSupport.copyTree(live, crashed);
        }
        int firstOfSecondFile = 0;
        while (sent.get(firstOfSecondFile).physicalOffset() < CrashSupport.SEGMENT) {
            firstOfSecondFile++;
        }
        CrashSupport.Sent lastOfFirst = sent.get(firstOfSecondFile - 1);
        CrashSupport.Sent firstOfSecond = sent.get(firstOfSecondFile);
        assertThat(sent.get(sent.size() - 1).physicalOffset()).as("a third file").isGreaterThan(2L * CrashSupport.SEGMENT);
        flipBody(crashed, lastOfFirst);
        flipBody(crashed, firstOfSecond);
        try (MessageStore store = new MessageStore(config(crashed))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isTrue();
            assertThat(store.commitLog().maxOffset()).as("nothing cut")
                    .isEqualTo(sent.get(sent.size() - 1).physicalOffset() + sent.get(sent.size() - 1).size());
            assertThat(store.quarantine().ranges()).extracting(Quarantine.Range::start)
                    .containsExactly(lastOfFirst.physicalOffset(), firstOfSecond.physicalOffset());
            for (CrashSupport.Sent s : sent) {
                if (s == lastOfFirst || s == firstOfSecond) {
                    assertThat(CrashSupport.readRecordBytes(store, s.physicalOffset())).isNull();
                } else {
                    CrashSupport.assertServed(store, s);
                }
            }
        }
    }

    // --- clean restart: no scan, reads must refuse on their own ------------------------------------------

    @Test
    void cleanRestartWithCrcVerificationNeverServesARecordWithAFlippedBody() throws Exception {
        List<CrashSupport.Sent> sent = fillAndStop(dir);
        CrashSupport.Sent victim = sent.get(VICTIM);
        flipBody(dir, victim);
        try (MessageStore store = new MessageStore(config(dir, "verifyCrcOnRead", "true"))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isFalse();
            assertThat(store.quarantine().ranges()).isEmpty();
            assertRefusedAndOthersServed(store, sent, VICTIM);
            appendContinuesAfter(store, sent);
        }
    }

    /**
     * Without CRC verification on read (the default: it costs ~1 ns per byte) and after a clean stop (no
     * scan), a record whose body was flipped is served as it is: only the recovery scan after a crash, or
     * verifyCrcOnRead=true, checks the body. The header checks do run on every read, so a corrupt header
     * (here the magic code) is refused in any mode.
     */
    @Test
    void cleanRestartWithoutCrcVerificationStillRefusesACorruptHeader() throws Exception {
        List<CrashSupport.Sent> sent = fillAndStop(dir);
        CrashSupport.Sent headerVictim = sent.get(VICTIM);
        CrashSupport.Sent bodyVictim = sent.get(VICTIM + 10);
        CrashSupport.flipBytes(CrashSupport.commitLogFile(dir, headerVictim.physicalOffset()),
                headerVictim.physicalOffset() % CrashSupport.SEGMENT + MessageRecord.MAGIC_OFFSET, 4);
        flipBody(dir, bodyVictim);
        try (MessageStore store = new MessageStore(config(dir, "verifyCrcOnRead", "false"))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isFalse();

            // header corruption: refused by getMessages and readRecord
            assertThat(CrashSupport.readRecordBytes(store, headerVictim.physicalOffset())).isNull();
            CrashSupport.Served atVictim = CrashSupport.readAt(store, TOPIC, headerVictim.queueId(),
                    headerVictim.queueOffset());
            assertThat(atVictim.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(atVictim.queueOffset()).as("the read skips the refused record")
                    .isEqualTo(headerVictim.queueOffset() + 1);

            // body corruption: documented limitation of verifyCrcOnRead=false without a scan
            CrashSupport.Served body = CrashSupport.readAt(store, TOPIC, bodyVictim.queueId(), bodyVictim.queueOffset());
            assertThat(body.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(body.queueOffset()).isEqualTo(bodyVictim.queueOffset());
            assertThat(body.body()).as("served as stored, flipped bytes included").isNotEqualTo(bodyVictim.body());

            for (CrashSupport.Sent s : sent) {
                if (s != headerVictim && s != bodyVictim) {
                    CrashSupport.assertServed(store, s);
                }
            }
        }
    }

    /** The same clean restart with verifyCrcOnRead=true refuses both. */
    @Test
    void cleanRestartWithCrcVerificationRefusesBothHeaderAndBodyCorruption() throws Exception {
        List<CrashSupport.Sent> sent = fillAndStop(dir);
        CrashSupport.Sent headerVictim = sent.get(VICTIM);
        CrashSupport.Sent bodyVictim = sent.get(VICTIM + 10);
        CrashSupport.flipBytes(CrashSupport.commitLogFile(dir, headerVictim.physicalOffset()),
                headerVictim.physicalOffset() % CrashSupport.SEGMENT + MessageRecord.MAGIC_OFFSET, 4);
        flipBody(dir, bodyVictim);
        try (MessageStore store = new MessageStore(config(dir, "verifyCrcOnRead", "true"))) {
            store.start();
            for (CrashSupport.Sent victim : List.of(headerVictim, bodyVictim)) {
                assertThat(CrashSupport.readRecordBytes(store, victim.physicalOffset())).isNull();
                assertThat(CrashSupport.readAt(store, TOPIC, victim.queueId(), victim.queueOffset()).queueOffset())
                        .isEqualTo(victim.queueOffset() + 1);
            }
            for (CrashSupport.Sent s : sent) {
                if (s != headerVictim && s != bodyVictim) {
                    CrashSupport.assertServed(store, s);
                }
            }
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    private static StoreConfig config(Path root, String... overrides) {
        return StoreTestSupport.smallConfig(root, overrides);
    }

    private static List<CrashSupport.Sent> fillAndStop(Path root) throws Exception {
        try (MessageStore store = new MessageStore(config(root))) {
            store.start();
            List<CrashSupport.Sent> sent = CrashSupport.appendMessages(store, TOPIC, QUEUES, 0, COUNT);
            assertThat(store.commitLog().segments().segments()).as("one commit-log file").hasSize(1);
            return sent;
        }
    }

    /** Inverts 3 bytes in the middle of the record's body. */
    private static void flipBody(Path root, CrashSupport.Sent victim) throws Exception {
        int bodyAt = CrashSupport.bodyOffsetInRecord(root, victim.physicalOffset());
        assertThat(victim.body().length).isGreaterThan(10);
        CrashSupport.flipBytes(CrashSupport.commitLogFile(root, victim.physicalOffset()),
                victim.physicalOffset() % CrashSupport.SEGMENT + bodyAt + victim.body().length / 2, 3);
    }

    private static void assertQuarantinedAndOthersServed(MessageStore store, List<CrashSupport.Sent> sent, int victimIndex) {
        CrashSupport.Sent victim = sent.get(victimIndex);
        CrashSupport.Sent next = sent.get(victimIndex + 1);
        List<Quarantine.Range> ranges = store.quarantine().ranges();
        assertThat(ranges).hasSize(1);
        Quarantine.Range range = ranges.get(0);
        assertThat(range.start()).isEqualTo(victim.physicalOffset());
        assertThat(range.end()).as("up to the next record, where the scan resynced").isEqualTo(next.physicalOffset());
        assertThat(range.reason()).as("names file and position")
                .contains(FIRST_FILE + "@" + (victim.physicalOffset() % CrashSupport.SEGMENT));
        assertThat(store.recoveryReport().commitLog().rangesQuarantined()).isEqualTo(1);
        assertThat(store.recoveryReport().commitLog().end()).as("nothing after the corruption is cut")
                .isEqualTo(sent.get(sent.size() - 1).physicalOffset() + sent.get(sent.size() - 1).size());
        assertRefusedAndOthersServed(store, sent, victimIndex);
    }

    private static void assertRefusedAndOthersServed(MessageStore store, List<CrashSupport.Sent> sent, int victimIndex) {
        CrashSupport.Sent victim = sent.get(victimIndex);
        assertThat(CrashSupport.readRecordBytes(store, victim.physicalOffset())).as("readRecord refuses it").isNull();
        CrashSupport.Served atVictim = CrashSupport.readAt(store, TOPIC, victim.queueId(), victim.queueOffset());
        assertThat(atVictim.status()).isEqualTo(GetMessageStatus.FOUND);
        assertThat(atVictim.queueOffset()).as("getMessages skips it").isEqualTo(victim.queueOffset() + 1);
        assertThat(store.queryByKey(TOPIC, victim.key(), 10, 0, Long.MAX_VALUE)).as("not found by key").isEmpty();
        for (CrashSupport.Sent s : sent) {
            if (s != victim) {
                CrashSupport.assertServed(store, s);
            }
        }
        for (int queueId = 0; queueId < QUEUES; queueId++) {
            int q = queueId;
            List<CrashSupport.Served> all = CrashSupport.readAll(store, TOPIC, queueId);
            List<CrashSupport.Sent> expected = sent.stream().filter(s -> s.queueId() == q && s != victim).toList();
            assertThat(all).hasSize(expected.size());
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).queueOffset()).isEqualTo(expected.get(i).queueOffset());
                assertThat(all.get(i).body()).isEqualTo(expected.get(i).body());
            }
        }
        List<SegmentSlice> byKey = store.queryByKey(TOPIC, sent.get(victimIndex + 1).key(), 10, 0, Long.MAX_VALUE);
        assertThat(byKey).hasSize(1);
        byKey.forEach(SegmentSlice::close);
    }

    /**
     * The corrupt record keeps its queue offset: the next append takes the one after the last message.
     *
     * @return {@code sent} and the new messages
     */
    private static List<CrashSupport.Sent> appendContinuesAfter(MessageStore store, List<CrashSupport.Sent> sent)
            throws Exception {
        List<CrashSupport.Sent> all = new ArrayList<>(sent);
        for (int queueId = 0; queueId < QUEUES; queueId++) {
            int q = queueId;
            long expected = sent.stream().filter(s -> s.queueId() == q).count();
            String body = "after-" + queueId;
            AppendResult result = store.append(StoreTestSupport.message(TOPIC, queueId, body, "tag", "after-key-" + q));
            assertThat(result.isOk()).isTrue();
            assertThat(result.queueOffset()).isEqualTo(expected);
            all.add(new CrashSupport.Sent(all.size(), TOPIC, queueId, result.queueOffset(), result.physicalOffset(),
                    result.wroteBytes(), body.getBytes(StandardCharsets.US_ASCII), "after-key-" + q));
        }
        store.awaitDispatched(5_000);
        for (CrashSupport.Sent s : all.subList(sent.size(), all.size())) {
            CrashSupport.assertServed(store, s);
        }
        return all;
    }

    /** The quarantine is persisted: a later clean start, which does not scan, still refuses the record. */
    private static void reopenCleanlyAndCheckStillRefused(Path root, List<CrashSupport.Sent> sent, int victimIndex)
            throws Exception {
        assertThat(root.resolve("abort")).doesNotExist();
        assertThat(Files.readString(root.resolve("quarantine"))).startsWith(sent.get(victimIndex).physicalOffset() + " ");
        try (MessageStore store = new MessageStore(config(root))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isFalse();
            assertThat(store.quarantine().ranges()).hasSize(1);
            assertRefusedAndOthersServed(store, sent, victimIndex);
        }
    }
}
