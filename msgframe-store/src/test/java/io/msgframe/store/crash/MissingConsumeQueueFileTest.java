package io.msgframe.store.crash;

import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.read.GetMessageStatus;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consume queues are derived data: a queue that lost files after a clean stop (an operator's mistake, a
 * restore from a partial backup) is rebuilt from the commit log at start, and every message is served again
 * at its original queue offset.
 */
class MissingConsumeQueueFileTest {
    private static final String TOPIC = "MissingTopic";
    private static final int QUEUES = 2;
    /** 300 entries per queue: five files of 64 entries (smallConfig). */
    private static final int COUNT = 600;

    @TempDir
    Path dir;

    enum Loss {
        FIRST_FILE, MIDDLE_FILE, LAST_FILE, ALL_FILES, QUEUE_DIRECTORY
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void aQueueMissingFilesIsRebuiltFromTheCommitLog(Loss loss) throws Exception {
        List<CrashSupport.Sent> sent;
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir))) {
            store.start();
            sent = CrashSupport.appendMessages(store, TOPIC, QUEUES, 0, COUNT);
        }
        Path queueDir = dir.resolve("consumequeue").resolve(TOPIC).resolve("0");
        List<Path> files = CrashSupport.listFiles(queueDir);
        assertThat(files).as("consume-queue files of %s/0", TOPIC).hasSize(5);
        switch (loss) {
            case FIRST_FILE -> Files.delete(files.get(0));
            case MIDDLE_FILE -> Files.delete(files.get(2));
            case LAST_FILE -> Files.delete(files.get(4));
            case ALL_FILES -> {
                for (Path file : files) {
                    Files.delete(file);
                }
            }
            case QUEUE_DIRECTORY -> {
                for (Path file : files) {
                    Files.delete(file);
                }
                Files.delete(queueDir);
            }
        }

        List<CrashSupport.Sent> all = new ArrayList<>(sent);
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isFalse();
            assertThat(store.recoveryReport().rebuiltQueues()).as("rebuilt queues").containsExactly(TOPIC + "/0");
            for (int queueId = 0; queueId < QUEUES; queueId++) {
                assertThat(store.minOffset(TOPIC, queueId)).isZero();
                assertThat(store.maxOffset(TOPIC, queueId)).isEqualTo(COUNT / QUEUES);
            }
            for (CrashSupport.Sent s : sent) {
                CrashSupport.assertServed(store, s);
            }
            assertThat(CrashSupport.readAll(store, TOPIC, 0)).hasSize(COUNT / QUEUES);
            assertThat(CrashSupport.readAt(store, TOPIC, 0, COUNT / QUEUES).status())
                    .isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_ONE);
            for (int queueId = 0; queueId < QUEUES; queueId++) {
                String body = "after-rebuild-" + queueId;
                AppendResult result = store.append(StoreTestSupport.message(TOPIC, queueId, body, "tag", body));
                assertThat(result.isOk()).isTrue();
                assertThat(result.queueOffset()).isEqualTo(COUNT / QUEUES);
                all.add(new CrashSupport.Sent(all.size(), TOPIC, queueId, result.queueOffset(), result.physicalOffset(),
                        result.wroteBytes(), body.getBytes(StandardCharsets.US_ASCII), body));
            }
            store.awaitDispatched(5_000);
            for (CrashSupport.Sent s : all.subList(COUNT, all.size())) {
                CrashSupport.assertServed(store, s);
            }
        }
        assertThat(CrashSupport.listFiles(queueDir)).as("the rebuilt queue is on disk again").hasSize(5);
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir))) {
            store.start();
            assertThat(store.recoveryReport().rebuiltQueues()).isEmpty();
            for (CrashSupport.Sent s : all) {
                CrashSupport.assertServed(store, s);
            }
        }
    }
}
