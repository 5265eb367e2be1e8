package io.msgframe.store.flush;

import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.config.StoreConfig;
import io.msgframe.store.index.IndexService;
import io.msgframe.store.recovery.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointServiceTest {
    @TempDir
    Path dir;

    @Test
    void writeRecordsTheFlushedAndDispatchedOffsetsAndEveryQueueLength() throws Exception {
        StoreConfig config = StoreTestSupport.smallConfig(dir.resolve("store"));
        try (MessageStore store = new MessageStore(config)) {
            store.start();
            for (int i = 0; i < 30; i++) {
                store.append(StoreTestSupport.message("T", i % 3, "m" + i, null, null));
            }
            store.append(StoreTestSupport.message("U", 7, "u", null, null));
            store.awaitDispatched(5_000);
            store.commitLog().segments().flush(0);

            Clock fixed = Clock.fixed(Instant.ofEpochMilli(1234567), ZoneOffset.UTC);
            IndexService index = new IndexService(dir.resolve("idx"), 16, 16, fixed);
            index.load();
            Path file = dir.resolve("checkpoint-under-test");
            CheckpointService service = new CheckpointService(file, store.commitLog(), store.dispatcher(),
                    store.consumeQueues(), index, 60_000, fixed);
            Checkpoint written = service.write(-1);
            index.close();

            assertThat(written.isCleanStop()).isFalse();
            assertThat(written.timestampMs()).isEqualTo(1234567);
            assertThat(written.dispatched()).isEqualTo(store.commitLog().maxOffset());
            assertThat(written.commitLogFlushed()).isEqualTo(store.commitLog().segments().flushedOffset());
            assertThat(written.queueLengths()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                    "T 0", 10L, "T 1", 10L, "T 2", 10L, "U 7", 1L));
            Checkpoint read = Checkpoint.read(file);
            assertThat(read.dispatched()).isEqualTo(written.dispatched());
            assertThat(read.commitLogFlushed()).isEqualTo(written.commitLogFlushed());
            assertThat(read.queueLengths()).isEqualTo(written.queueLengths());
            assertThat(read.isCleanStop()).isFalse();
        }
    }

    @Test
    void theBackgroundThreadKeepsTheCheckpointCurrentAndShutdownMarksACleanStop() throws Exception {
        StoreConfig config = StoreTestSupport.smallConfig(dir, "consumeQueueFlushIntervalMs", "10");
        long end;
        try (MessageStore store = new MessageStore(config)) {
            store.start();
            for (int i = 0; i < 10; i++) {
                store.append(StoreTestSupport.message("T", 0, "m" + i, null, null));
            }
            end = store.commitLog().maxOffset();
            long deadline = System.nanoTime() + 5_000_000_000L;
            Checkpoint seen = Checkpoint.read(config.checkpointFile());
            while (seen.dispatched() < end || seen.queueLengths().getOrDefault("T 0", 0L) < 10) {
                assertThat(System.nanoTime()).as("checkpoint did not catch up: %s", seen).isLessThan(deadline);
                Thread.sleep(2);
                seen = Checkpoint.read(config.checkpointFile());
            }
            assertThat(seen.isCleanStop()).isFalse();
            assertThat(seen.dispatched()).isLessThanOrEqualTo(end);
        }
        Checkpoint atStop = Checkpoint.read(config.checkpointFile());
        assertThat(atStop.isCleanStop()).isTrue();
        assertThat(atStop.commitLogEnd()).isEqualTo(end);
        assertThat(atStop.commitLogFlushed()).isEqualTo(end);
        assertThat(atStop.dispatched()).isEqualTo(end);
        assertThat(atStop.queueLengths()).containsEntry("T 0", 10L);
    }
}
