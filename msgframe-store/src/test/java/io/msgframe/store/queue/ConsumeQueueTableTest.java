package io.msgframe.store.queue;

import io.msgframe.store.file.MappedSegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumeQueueTableTest {
    private static final int FILE_BYTES = 16 * ConsumeQueue.ENTRY_SIZE;

    @TempDir
    Path dir;

    @Test
    void findOrCreateMakesOneQueuePerTopicAndIdUnderConsumequeueTopicId() {
        ConsumeQueueTable table = new ConsumeQueueTable(dir, FILE_BYTES);
        assertThat(table.find("T", 0)).isNull();
        ConsumeQueue q = table.findOrCreate("T", 3);
        assertThat(table.findOrCreate("T", 3)).isSameAs(q);
        assertThat(table.find("T", 3)).isSameAs(q);
        assertThat(q.dir()).isEqualTo(dir.resolve("T").resolve("3"));
        assertThat(q.topic()).isEqualTo("T");
        assertThat(q.queueId()).isEqualTo(3);
        assertThat(Files.exists(q.dir())).as("files come with the first entry").isFalse();

        q.put(0, 0, 100, 0);
        assertThat(Files.exists(q.dir().resolve(MappedSegment.fileName(0)))).isTrue();
        table.findOrCreate("T", 1);
        table.findOrCreate("U", 0);
        assertThat(table.all()).hasSize(3);
        assertThat(table.queuesOf("T")).containsOnlyKeys(1, 3);
        assertThat(table.queuesOf("nope")).isEmpty();
        table.closeAll();
    }

    @Test
    void loadOpensEveryQueueOnDiskAndIgnoresDirectoriesThatAreNotQueueIds() throws Exception {
        ConsumeQueueTable table = new ConsumeQueueTable(dir, FILE_BYTES);
        for (int i = 0; i < 20; i++) {
            table.findOrCreate("T", 0).put(i, i * 100L, 100, 0);
        }
        table.findOrCreate("U", 2).put(0, 5000, 100, 0);
        table.flushAll();
        table.closeAll();
        Files.createDirectories(dir.resolve("T").resolve("not-a-number"));

        ConsumeQueueTable reloaded = new ConsumeQueueTable(dir, FILE_BYTES);
        List<ConsumeQueue> damaged = reloaded.load();

        assertThat(damaged).isEmpty();
        assertThat(reloaded.all()).hasSize(2);
        assertThat(reloaded.find("T", 0).maxOffset()).isEqualTo(20);
        assertThat(reloaded.find("U", 2).maxPhysicalOffset()).isEqualTo(5100);
        reloaded.closeAll();
    }

    @Test
    void aQueueWhoseFilesCannotBeUsedIsEmptiedAndReportedForRebuilding() throws Exception {
        ConsumeQueueTable table = new ConsumeQueueTable(dir, FILE_BYTES);
        for (int i = 0; i < 40; i++) {
            table.findOrCreate("T", 0).put(i, i * 100L, 100, 0);
        }
        table.findOrCreate("T", 1).put(0, 0, 100, 0);
        table.closeAll();
        Files.delete(dir.resolve("T").resolve("0").resolve(MappedSegment.fileName(FILE_BYTES))); // a gap

        ConsumeQueueTable reloaded = new ConsumeQueueTable(dir, FILE_BYTES);
        List<ConsumeQueue> damaged = reloaded.load();

        assertThat(damaged).extracting(ConsumeQueue::queueId).containsExactly(0);
        ConsumeQueue rebuilt = reloaded.find("T", 0);
        assertThat(rebuilt).isSameAs(damaged.get(0));
        assertThat(rebuilt.maxOffset()).isZero();
        try (var files = Files.list(dir.resolve("T").resolve("0"))) {
            assertThat(files).isEmpty();
        }
        assertThat(reloaded.find("T", 1).maxOffset()).isEqualTo(1);
        reloaded.closeAll();
    }

    @Test
    void truncateAllCutsEveryQueueAndDeleteTopicRemovesItsFiles() throws Exception {
        ConsumeQueueTable table = new ConsumeQueueTable(dir, FILE_BYTES);
        for (int i = 0; i < 10; i++) {
            table.findOrCreate("T", i % 2).put(i / 2, i * 100L, 100, 0);
        }
        table.truncateAll(500);
        assertThat(table.find("T", 0).maxOffset()).isEqualTo(3); // offsets 0, 200, 400
        assertThat(table.find("T", 1).maxOffset()).isEqualTo(2); // offsets 100, 300

        table.deleteTopic("T");
        assertThat(table.find("T", 0)).isNull();
        assertThat(table.all()).isEmpty();
        try (var files = Files.list(dir.resolve("T").resolve("0"))) {
            assertThat(files).isEmpty();
        }
    }
}
