package io.msgframe.broker.offset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerOffsetTableTest {
    @TempDir
    Path dir;

    private ConsumerOffsetTable table() {
        ConsumerOffsetTable table = new ConsumerOffsetTable(dir.resolve("config/consumerOffsets.json"));
        table.load();
        return table;
    }

    @Test
    void neverCommittedIsMinusOne() {
        assertThat(table().query("g", "T", 0)).isEqualTo(-1);
    }

    @Test
    void commitThenQuery() {
        ConsumerOffsetTable table = table();
        table.commit("g", "T", 0, 12);
        table.commit("g", "T", 1, 3);
        table.commit("g", "T", 0, 15);
        table.commit("h", "U", 0, 7);
        assertThat(table.query("g", "T", 0)).isEqualTo(15);
        assertThat(table.query("g", "T", 2)).isEqualTo(-1);
        assertThat(table.offsets("g", "T")).containsEntry(0, 15L).containsEntry(1, 3L).hasSize(2);
        assertThat(table.groupsOf("T")).containsExactly("g");
        assertThat(table.topicsOf("h")).containsExactly("U");
    }

    @Test
    void persistedOffsetsAreReloaded() {
        ConsumerOffsetTable table = table();
        table.commit("g", "T", 0, 12);
        table.commit("g", "%RETRY%g", 0, 1);
        table.persist();

        ConsumerOffsetTable reloaded = table();
        assertThat(reloaded.query("g", "T", 0)).isEqualTo(12);
        assertThat(reloaded.query("g", "%RETRY%g", 0)).isEqualTo(1);
        assertThat(dir.resolve("config/consumerOffsets.json.tmp")).doesNotExist();
    }

    @Test
    void commitsAfterTheLastPersistAreLostOnlyIfNotPersisted() {
        ConsumerOffsetTable table = table();
        table.commit("g", "T", 0, 12);
        table.persist();
        table.commit("g", "T", 0, 20);
        assertThat(table().query("g", "T", 0)).as("not yet persisted").isEqualTo(12);
        table.persist();
        assertThat(table().query("g", "T", 0)).isEqualTo(20);
    }

    @Test
    void persistWithoutChangesLeavesTheFileAlone() throws Exception {
        ConsumerOffsetTable table = table();
        table.commit("g", "T", 0, 1);
        table.persist();
        Path file = dir.resolve("config/consumerOffsets.json");
        FileTime old = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(file, old);
        table.persist();
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
    }

    @Test
    void deletingATopicOrGroupForgetsItsOffsets() {
        ConsumerOffsetTable table = table();
        table.commit("g", "T", 0, 1);
        table.commit("h", "T", 0, 2);
        table.commit("g", "U", 0, 3);
        table.deleteTopic("T");
        assertThat(table.groupsOf("T")).isEmpty();
        assertThat(table.query("g", "U", 0)).isEqualTo(3);
        table.deleteGroup("g");
        assertThat(table.topicsOf("g")).isEmpty();
    }

    @Test
    void readsRocketMqsOwnFileWithBareKeys() throws Exception {
        Path file = dir.resolve("config/consumerOffsets.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"offsetTable\":{\"TopicTest@g1\":{0:12,1:3}}}");
        ConsumerOffsetTable table = table();
        assertThat(table.query("g1", "TopicTest", 1)).isEqualTo(3);
    }
}
