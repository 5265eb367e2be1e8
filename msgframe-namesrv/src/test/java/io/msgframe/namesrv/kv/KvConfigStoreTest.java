package io.msgframe.namesrv.kv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvConfigStoreTest {
    static final String ORDER = "ORDER_TOPIC_CONFIG";

    @TempDir
    Path dir;

    @Test
    void missingFileLoadsEmpty() {
        KvConfigStore store = new KvConfigStore(dir.resolve("namesrv/kvConfig.json"));

        store.load();

        assertThat(store.get(ORDER, "TopicA")).isNull();
        assertThat(store.namespace(ORDER)).isEmpty();
    }

    @Test
    void valuesSurviveARestart() {
        Path file = dir.resolve("namesrv/kvConfig.json");
        KvConfigStore store = new KvConfigStore(file);
        store.load();
        store.put(ORDER, "TopicA", "broker-a:4;broker-b:4");
        store.put(ORDER, "TopicB", "broker-a:8");
        store.put("other", "k", "v");
        store.delete(ORDER, "TopicB");

        KvConfigStore reloaded = new KvConfigStore(file);
        reloaded.load();

        assertThat(reloaded.get(ORDER, "TopicA")).isEqualTo("broker-a:4;broker-b:4");
        assertThat(reloaded.get(ORDER, "TopicB")).isNull();
        assertThat(reloaded.namespace(ORDER)).containsExactlyEntriesOf(Map.of("TopicA", "broker-a:4;broker-b:4"));
        assertThat(reloaded.get("other", "k")).isEqualTo("v");
        assertThat(Files.exists(file.resolveSibling("kvConfig.json.tmp"))).isFalse();
    }

    @Test
    void fileHasRocketMqsKvConfigShape() throws IOException {
        Path file = dir.resolve("kvConfig.json");
        KvConfigStore store = new KvConfigStore(file);
        store.load();
        store.put(ORDER, "TopicA", "broker-a:4");

        assertThat(Files.readString(file)).isEqualTo("{\"configTable\":{\"ORDER_TOPIC_CONFIG\":{\"TopicA\":\"broker-a:4\"}}}");
    }

    @Test
    void aFileWrittenByRocketMqLoads() throws IOException {
        Path file = dir.resolve("kvConfig.json");
        Files.writeString(file, "{\n\t\"configTable\":{\n\t\t\"ORDER_TOPIC_CONFIG\":{\n\t\t\t\"T1\":\"b:4\"\n\t\t}\n\t}\n}",
                StandardCharsets.UTF_8);
        KvConfigStore store = new KvConfigStore(file);

        store.load();

        assertThat(store.get(ORDER, "T1")).isEqualTo("b:4");
    }

    @Test
    void deletingTheLastKeyRemovesTheNamespace() {
        KvConfigStore store = new KvConfigStore(dir.resolve("kv.json"));
        store.load();
        store.put("ns", "k", "v");

        store.delete("ns", "k");
        store.delete("ns", "never");

        assertThat(store.namespace("ns")).isEmpty();
    }

    @Test
    void corruptFileFailsLoadNamingTheFile() throws IOException {
        Path file = dir.resolve("kvConfig.json");
        Files.writeString(file, "{\"configTable\":{\"ns\":", StandardCharsets.UTF_8);
        KvConfigStore store = new KvConfigStore(file);

        assertThatThrownBy(store::load).isInstanceOf(IllegalStateException.class).hasMessageContaining(file.toString());
    }

    @Test
    void failedWriteChangesNothing() throws IOException {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        KvConfigStore store = new KvConfigStore(blocker.resolve("kvConfig.json"));

        assertThatThrownBy(() -> store.put("ns", "k", "v")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("kvConfig.json");
        assertThat(store.get("ns", "k")).isNull();
    }
}
