package io.msgframe.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void gracefulShutdownRemovesAbortAndPersistsOffsetsAndTopics() {
        Broker broker = new Broker(BrokerFixture.config(dir));
        broker.start();
        assertThat(dir.resolve("abort")).exists();
        broker.offsets().commit("g", "T", 3, 42);
        broker.topics().createRetryTopic("%RETRY%g", 1);
        broker.shutdown();

        assertThat(dir.resolve("abort")).doesNotExist();
        assertThat(dir.resolve("config/consumerOffsets.json")).exists();

        Broker restarted = new Broker(BrokerFixture.config(dir));
        restarted.start();
        try {
            assertThat(restarted.offsets().query("g", "T", 3)).isEqualTo(42);
            assertThat(restarted.topics().find("%RETRY%g")).isNotNull();
        } finally {
            restarted.shutdown();
        }
    }

    @Test
    void shutdownIsIdempotentAndABrokerStartsOnce() {
        Broker broker = new Broker(BrokerFixture.config(dir));
        broker.start();
        broker.shutdown();
        broker.shutdown();
        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedStartStopsTheStoreAgain() throws Exception {
        Broker first = new Broker(BrokerFixture.config(dir.resolve("a")));
        first.start();
        try {
            Broker clash = new Broker(BrokerFixture.config(dir.resolve("b"), "listenPort",
                    Integer.toString(first.port())));
            assertThatThrownBy(clash::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen");
            assertThat(dir.resolve("b/abort")).as("the store was stopped cleanly").doesNotExist();
            assertThat(Files.exists(dir.resolve("b/config/topics.json"))).isTrue();
        } finally {
            first.shutdown();
        }
    }

    @Test
    void anUnreadableConfigFileStopsTheStartNamingTheFile() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/topics.json"), "{not json");
        Broker broker = new Broker(BrokerFixture.config(dir));
        assertThatThrownBy(broker::start).hasMessageContaining("topics.json");
        assertThat(dir.resolve("abort")).doesNotExist();
        assertThat(dir.resolve("config/topics.json")).as("left for the operator to repair").hasContent("{not json");
    }
}
