package io.msgframe.broker.topic;

import io.msgframe.broker.BrokerConfig;
import io.msgframe.broker.TestClock;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicConfigSerializeWrapper;
import io.msgframe.protocol.body.TopicNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TopicConfigTableTest {
    private static final InetSocketAddress PRODUCER = new InetSocketAddress("127.0.0.1", 50000);

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(1_700_000_000_000L);

    private TopicConfigTable table(String... config) {
        Map<String, String> raw = new java.util.HashMap<>(Map.of("brokerName", "broker-a",
                "brokerClusterName", "c1"));
        for (int i = 0; i + 1 < config.length; i += 2) {
            raw.put(config[i], config[i + 1]);
        }
        TopicConfigTable table = new TopicConfigTable(dir.resolve("config/topics.json"), BrokerConfig.parse(raw),
                clock);
        table.load();
        return table;
    }

    @Test
    void loadCreatesRocketMqsSystemTopics() {
        TopicConfigTable table = table();
        assertThat(table.find(TopicNames.DEFAULT_TOPIC).perm()).isEqualTo(7);
        assertThat(table.find(TopicNames.DEFAULT_TOPIC).writeQueueNums()).isEqualTo(8);
        assertThat(table.find(TopicNames.SCHEDULE_TOPIC).readQueueNums()).isEqualTo(18);
        assertThat(table.find(TopicNames.TRANS_HALF_TOPIC).readQueueNums()).isEqualTo(1);
        assertThat(table.find("c1").perm()).isEqualTo(7);
        assertThat(table.find("broker-a").perm()).isEqualTo(7);
        assertThat(table.find("broker-a").readQueueNums()).isEqualTo(1);
        assertThat(table.find("c1_REPLY_TOPIC")).isNotNull();
    }

    @Test
    void withoutAutoCreateThereIsNoTbw102() {
        assertThat(table("autoCreateTopicEnable", "false").find(TopicNames.DEFAULT_TOPIC)).isNull();
    }

    @Test
    void sendToUnknownTopicCreatesItFromTheTemplate() {
        TopicConfigTable table = table();
        AtomicInteger changes = new AtomicInteger();
        table.onChange(changes::incrementAndGet);
        long before = table.dataVersion().counter();

        TopicConfig created = table.createOnSend("NewTopic", TopicNames.DEFAULT_TOPIC, 4, 0, PRODUCER);

        assertThat(created.readQueueNums()).isEqualTo(4);
        assertThat(created.writeQueueNums()).isEqualTo(4);
        assertThat(created.perm()).as("template perm without INHERIT").isEqualTo(PermName.READ_WRITE);
        assertThat(table.find("NewTopic")).isEqualTo(created);
        assertThat(table.dataVersion().counter()).isEqualTo(before + 1);
        assertThat(changes).hasValue(1);
        assertThat(table.createOnSend("NewTopic", TopicNames.DEFAULT_TOPIC, 4, 0, PRODUCER)).isSameAs(created);
        assertThat(changes).as("an existing topic is no change").hasValue(1);
    }

    @Test
    void autoCreatedQueuesAreCappedByTheTemplate() {
        TopicConfig created = table("defaultTopicQueueNums", "2")
                .createOnSend("Capped", TopicNames.DEFAULT_TOPIC, 16, 0, PRODUCER);
        assertThat(created.writeQueueNums()).isEqualTo(2);
    }

    @Test
    void autoCreateIsRefusedWhenDisabledMissingTemplateOrNoInherit() {
        TopicConfigTable off = table("autoCreateTopicEnable", "false");
        assertThat(off.createOnSend("T1", TopicNames.DEFAULT_TOPIC, 4, 0, PRODUCER)).isNull();
        off.update(TopicConfig.of(TopicNames.DEFAULT_TOPIC, 8, 8, 7));
        assertThat(off.createOnSend("T1", TopicNames.DEFAULT_TOPIC, 4, 0, PRODUCER))
                .as("TBW102 does not count while autoCreateTopicEnable is off").isNull();

        TopicConfigTable on = table();
        assertThat(on.createOnSend("T2", "NoSuchTemplate", 4, 0, PRODUCER)).isNull();
        on.update(TopicConfig.of("PlainTemplate", 8, 8, PermName.READ_WRITE));
        assertThat(on.createOnSend("T3", "PlainTemplate", 4, 0, PRODUCER)).isNull();
        on.update(TopicConfig.of("InheritTemplate", 3, 3, PermName.INHERIT | PermName.READ));
        assertThat(on.createOnSend("T4", "InheritTemplate", 4, 0, PRODUCER).perm()).isEqualTo(PermName.READ);
        assertThat(on.createOnSend("bad topic", TopicNames.DEFAULT_TOPIC, 4, 0, PRODUCER)).isNull();
        assertThat(on.find("T2")).isNull();
        assertThat(on.find("T3")).isNull();
    }

    @Test
    void retryTopicsGetTheGroupsQueueCountAndReadWrite() {
        TopicConfigTable table = table();
        TopicConfig retry = table.createRetryTopic("%RETRY%g1", 3);
        assertThat(retry.readQueueNums()).isEqualTo(3);
        assertThat(retry.perm()).isEqualTo(6);
        assertThat(table.createRetryTopic("%RETRY%g1", 5)).isSameAs(retry);
    }

    @Test
    void changesSurviveARestartWithTheirDataVersion() {
        TopicConfigTable table = table();
        table.update(new TopicConfig("Orders", 4, 2, PermName.READ, io.msgframe.protocol.body.TopicFilterType.MULTI_TAG,
                0, true, Map.of("queue.type", "Normal")));
        table.createOnSend("Auto", TopicNames.DEFAULT_TOPIC, 4, 0, PRODUCER);
        table.update(TopicConfig.of("Doomed", 1, 1, 6));
        table.delete("Doomed");
        table.delete("BenchmarkTest");
        var version = table.dataVersion();

        TopicConfigTable reloaded = table();
        assertThat(reloaded.find("Orders")).isEqualTo(table.find("Orders"));
        assertThat(reloaded.find("Auto")).isNotNull();
        assertThat(reloaded.find("Doomed")).isNull();
        assertThat(reloaded.find("BenchmarkTest")).as("system topics are created again at load, as in RocketMQ")
                .isNotNull();
        assertThat(reloaded.dataVersion()).isEqualTo(version);
    }

    @Test
    void theFileIsReplacedAtomicallyAndAStaleTempFileIsIgnored() throws Exception {
        TopicConfigTable table = table();
        Path file = dir.resolve("config/topics.json");
        Path temp = dir.resolve("config/topics.json.tmp");
        table.update(TopicConfig.of("A", 1, 1, 6));
        assertThat(temp).as("the temp file is renamed over the target").doesNotExist();
        TopicConfigSerializeWrapper onDisk = RemotingJson.decode(Files.readAllBytes(file),
                TopicConfigSerializeWrapper.class);
        assertThat(onDisk.topicConfigTable()).containsKey("A");
        assertThat(onDisk.dataVersion()).isEqualTo(table.dataVersion());

        Files.writeString(temp, "{\"topicConfigTable\":{\"Torn"); // a crash in the middle of the next write
        TopicConfigTable reloaded = table();
        assertThat(reloaded.find("A")).isNotNull();
        assertThat(reloaded.find("Torn")).isNull();
    }

    @Test
    void deleteReportsWhetherTheTopicExisted() {
        TopicConfigTable table = table();
        table.update(TopicConfig.of("Gone", 1, 1, 6));
        assertThat(table.delete("Gone")).isTrue();
        assertThat(table.delete("Gone")).isFalse();
        assertThat(table.find("Gone")).isNull();
    }
}
