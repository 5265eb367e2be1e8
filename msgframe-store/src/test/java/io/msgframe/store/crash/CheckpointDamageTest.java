package io.msgframe.store.crash;

import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.recovery.Checkpoint;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkpoint that is missing, empty or garbage while commit-log files exist must not keep the store down:
 * it is recovered by a full scan of the commit log (an error is logged), as after a crash, and nothing is
 * lost. The checkpoint is only an optimisation of where the scan starts.
 */
class CheckpointDamageTest {
    private static final String TOPIC = "CheckpointTopic";
    private static final int QUEUES = 2;
    private static final int COUNT = 400; // two or three commit-log files, several consume-queue files

    @TempDir
    Path dir;

    enum Damage {
        /** No checkpoint at all, files present. */
        MISSING,
        EMPTY,
        /** Random bytes: not even UTF-8. */
        BINARY_GARBAGE,
        /** Text with keys but values that are not numbers. */
        TEXT_GARBAGE,
        /** A queue line without a number. */
        BAD_QUEUE_LINE,
        /** Cut in the middle: no clean-stop end, a partial value. */
        TRUNCATED,
        /** Claims a clean stop at an end beyond the files. */
        END_BEYOND_FILES
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedCheckpointFallsBackToAFullScan(Damage damage) throws Exception {
        List<CrashSupport.Sent> sent;
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir))) {
            store.start();
            sent = CrashSupport.appendMessages(store, TOPIC, QUEUES, 0, COUNT);
        }
        Path checkpoint = dir.resolve("checkpoint");
        String good = Files.readString(checkpoint);
        switch (damage) {
            case MISSING -> Files.delete(checkpoint);
            case EMPTY -> Files.write(checkpoint, new byte[0]);
            case BINARY_GARBAGE -> {
                byte[] garbage = new byte[300];
                new Random(7).nextBytes(garbage);
                garbage[0] = (byte) 0xFF; // never valid UTF-8
                Files.write(checkpoint, garbage);
            }
            case TEXT_GARBAGE -> Files.writeString(checkpoint, "version=1\ncommitLogFlushed=12ab\ndispatched=?\n");
            case BAD_QUEUE_LINE -> Files.writeString(checkpoint, good + "queue " + TOPIC + " 0 lots\n");
            case TRUNCATED -> Files.writeString(checkpoint, good.substring(0, good.indexOf("dispatched=") + 12));
            case END_BEYOND_FILES -> Files.writeString(checkpoint,
                    good.replaceAll("commitLogEnd=\\d+", "commitLogEnd=" + (1L << 40)));
        }

        List<CrashSupport.Sent> all = new ArrayList<>(sent);
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir))) {
            store.start();
            if (damage == Damage.END_BEYOND_FILES) {
                // the end is not trusted; the safe points (flushed, dispatched) still are: the scan starts there
                assertThat(store.recoveryReport().commitLog().recordsScanned()).isPositive();
            } else {
                assertThat(store.recoveryReport().crashed()).as("recovered as after a crash").isTrue();
                assertThat(store.recoveryReport().commitLog().scannedFrom()).as("scanned from the first file").isZero();
                assertThat(store.recoveryReport().commitLog().recordsScanned()).isEqualTo(COUNT);
            }
            assertThat(store.recoveryReport().commitLog().end())
                    .isEqualTo(sent.get(COUNT - 1).physicalOffset() + sent.get(COUNT - 1).size());
            for (CrashSupport.Sent s : sent) {
                CrashSupport.assertServed(store, s);
            }
            for (int queueId = 0; queueId < QUEUES; queueId++) {
                String body = "after-" + damage + "-" + queueId;
                AppendResult result = store.append(StoreTestSupport.message(TOPIC, queueId, body, "tag", body));
                assertThat(result.isOk()).isTrue();
                assertThat(result.queueOffset()).isEqualTo(COUNT / QUEUES);
                all.add(new CrashSupport.Sent(all.size(), TOPIC, queueId, result.queueOffset(), result.physicalOffset(),
                        result.wroteBytes(), body.getBytes(StandardCharsets.US_ASCII), body));
            }
            store.awaitDispatched(5_000);
            // the damaged checkpoint was replaced by a good one at start
            assertThat(Checkpoint.read(checkpoint).isCleanStop()).isFalse();
        }
        Checkpoint rewritten = Checkpoint.read(checkpoint);
        assertThat(rewritten.isCleanStop()).isTrue();
        assertThat(rewritten.queueLengths()).hasSize(QUEUES);
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isFalse();
            for (CrashSupport.Sent s : all) {
                CrashSupport.assertServed(store, s);
            }
        }
    }
}
