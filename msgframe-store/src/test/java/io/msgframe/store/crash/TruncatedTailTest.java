package io.msgframe.store.crash;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.read.GetMessageStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last commit-log file cut in the middle of a record (a crash while the file system had not yet written
 * the tail, a copy interrupted...), with the abort file left: the store starts, the torn record and everything
 * after it are gone, every complete record before it is served, and appends continue at dense queue offsets.
 *
 * <p>Randomized (which record, where in it): the seed is printed; replay with
 * {@code -Dmsgframe.crash.truncateSeed=<seed>}.
 */
class TruncatedTailTest {
    private static final String TOPIC = "TornTopic";
    private static final int QUEUES = 3;
    private static final int COUNT = 600; // about 190 KiB: three or four 64 KiB commit-log files

    @TempDir
    Path dir;

    /** Where in the torn record (of the last file) the file ends. */
    private enum Cut {
        /** Inside the fixed header fields. */
        HEADER,
        /** Inside the body (covered by the body CRC). */
        BODY,
        /** Inside the topic bytes, after the body: not covered by the CRC. */
        TOPIC,
        /** Inside the properties, the record's last bytes: not covered by the CRC either. */
        PROPERTIES,
        /** Anywhere inside the first record of the last file: the whole file is lost. */
        FIRST_RECORD_OF_FILE
    }

    @Test
    void aCommitLogCutInsideARecordLosesThatRecordAndWhatFollowsOnly() throws Exception {
        long seed = CrashSupport.seed("msgframe.crash.truncateSeed");
        Random random = new Random(seed);
        for (Cut cut : Cut.values()) {
            cutAndRecover(dir.resolve(cut.name()), cut, random);
        }
    }

    private void cutAndRecover(Path root, Cut cut, Random random) throws Exception {
        List<CrashSupport.Sent> sent;
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(root))) {
            store.start();
            sent = CrashSupport.appendMessages(store, TOPIC, QUEUES, 0, COUNT);
            assertThat(store.commitLog().segments().segments().size()).isGreaterThanOrEqualTo(3);
        }
        CrashSupport.writeAbortFile(root);

        List<Path> files = CrashSupport.listFiles(root.resolve("commitlog"));
        Path last = files.get(files.size() - 1);
        long lastStart = Long.parseLong(last.getFileName().toString());
        List<CrashSupport.Sent> inLast = sent.stream().filter(s -> s.physicalOffset() >= lastStart).toList();
        assertThat(inLast).as("records in the last file").isNotEmpty();
        CrashSupport.Sent torn = cut == Cut.FIRST_RECORD_OF_FILE ? inLast.get(0)
                : inLast.get(random.nextInt(inLast.size()));
        MessageRecord record = new MessageRecord().wrap(
                CrashSupport.readBytes(last, torn.physicalOffset() - lastStart, torn.size()), 0);
        int bodyAt = record.bodyOffset();
        int topicAt = bodyAt + record.bodyLength() + 1; // V1: one-byte topic length
        int propertiesAt = topicAt + record.topicLength() + 2;
        assertThat(record.propertiesLength()).isPositive();
        assertThat(propertiesAt + record.propertiesLength()).isEqualTo(torn.size());
        int into = switch (cut) {
            case HEADER -> 1 + random.nextInt(bodyAt - 1);
            case BODY -> bodyAt + random.nextInt(record.bodyLength());
            case TOPIC -> topicAt + random.nextInt(record.topicLength());
            case PROPERTIES -> propertiesAt + random.nextInt(record.propertiesLength());
            case FIRST_RECORD_OF_FILE -> 1 + random.nextInt(torn.size() - 1);
        };
        long length = torn.physicalOffset() + into - lastStart;
        try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }
        System.out.println("[crash-test] " + cut + ": " + last.getFileName() + " cut to " + length + " bytes, "
                + into + " byte(s) into message #" + torn.index() + " at " + torn.physicalOffset());

        List<CrashSupport.Sent> kept = sent.stream().filter(s -> s.physicalOffset() < torn.physicalOffset()).toList();
        List<CrashSupport.Sent> lost = sent.stream().filter(s -> s.physicalOffset() >= torn.physicalOffset()).toList();
        List<CrashSupport.Sent> after = new ArrayList<>(kept);
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(root))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isTrue();
            assertThat(store.quarantine().ranges()).as("a torn tail is cut, not quarantined").isEmpty();
            assertThat(store.commitLog().maxOffset()).as("the log ends where the torn record started")
                    .isEqualTo(torn.physicalOffset());
            CrashSupport.Scan scan = CrashSupport.scanCommitLog(root.resolve("commitlog"), CrashSupport.SEGMENT);
            assertThat(scan.problems()).isEmpty();
            assertThat(scan.end()).isEqualTo(torn.physicalOffset());
            assertThat(scan.records()).hasSize(kept.size());

            for (CrashSupport.Sent s : kept) {
                CrashSupport.assertServed(store, s);
            }
            for (CrashSupport.Sent s : lost) {
                assertThat(CrashSupport.readRecordBytes(store, s.physicalOffset())).as("#%d is gone", s.index()).isNull();
                assertThat(CrashSupport.readAt(store, TOPIC, s.queueId(), s.queueOffset()).status())
                        .as("#%d is gone", s.index())
                        .isIn(GetMessageStatus.OFFSET_OVERFLOW_ONE, GetMessageStatus.OFFSET_OVERFLOW_BADLY);
            }
            for (int queueId = 0; queueId < QUEUES; queueId++) {
                int q = queueId;
                long survivors = kept.stream().filter(s -> s.queueId() == q).count();
                assertThat(store.maxOffset(TOPIC, queueId)).as("queue %d holds its survivors", queueId)
                        .isEqualTo(survivors);
                assertThat(CrashSupport.readAt(store, TOPIC, queueId, survivors).status())
                        .isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_ONE);
            }

            // appends reuse the freed queue offsets, densely, from where the log now ends
            for (int i = 0; i < 2 * QUEUES; i++) {
                int queueId = i % QUEUES;
                long next = store.maxOffset(TOPIC, queueId);
                String body = "after-cut-" + i;
                AppendResult result = store.append(StoreTestSupport.message(TOPIC, queueId, body, "tag", "after-" + i));
                assertThat(result.isOk()).isTrue();
                assertThat(result.queueOffset()).isEqualTo(next);
                if (i == 0) {
                    assertThat(result.physicalOffset()).isEqualTo(torn.physicalOffset());
                }
                store.awaitDispatched(5_000);
                CrashSupport.Sent s = new CrashSupport.Sent(COUNT + i, TOPIC, queueId, result.queueOffset(),
                        result.physicalOffset(), result.wroteBytes(), body.getBytes(StandardCharsets.US_ASCII),
                        "after-" + i);
                CrashSupport.assertServed(store, s);
                after.add(s);
            }
        }
        // and a clean restart keeps it all
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(root))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isFalse();
            for (CrashSupport.Sent s : after) {
                CrashSupport.assertServed(store, s);
            }
            assertThat(CrashSupport.scanCommitLog(root.resolve("commitlog"), CrashSupport.SEGMENT).problems()).isEmpty();
        }
    }
}
