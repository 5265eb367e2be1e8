package io.msgframe.namesrv;

import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.namesrv.route.BrokerExpiryScanner;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NameServerLifecycleTest {
    @TempDir
    Path dir;

    NamesrvConfig local() {
        return NamesrvConfig.defaults().with("bindAddress", "127.0.0.1", "listenPort", "0",
                "kvConfigPath", dir.resolve("kvConfig.json").toString());
    }

    static boolean scanThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(BrokerExpiryScanner.THREAD_NAME) && t.isAlive());
    }

    @Test
    void startsScanThreadAndStopsEverythingOnShutdown() throws InterruptedException {
        NameServer nameServer = new NameServer(local());
        nameServer.start();
        assertThat(nameServer.port()).isPositive();
        assertThat(scanThreadAlive()).isTrue();

        nameServer.shutdown();
        nameServer.shutdown();

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (scanThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(scanThreadAlive()).isFalse();
        assertThatThrownBy(nameServer::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void portInUseFailsStartAndLeavesTheFirstServerServing() {
        try (NamesrvFixture first = new NamesrvFixture(dir)) {
            NameServer second = new NameServer(local().with("listenPort", String.valueOf(first.nameServer.port())));

            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(first.nameServer.port()));
            second.shutdown();

            assertThat(first.call(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO)).code())
                    .isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void kvConfigOfAPreviousRunIsServedAfterRestart() throws Exception {
        Files.writeString(dir.resolve("kvConfig.json"),
                "{\"configTable\":{\"ORDER_TOPIC_CONFIG\":{\"TopicA\":\"broker-a:4\"}}}", StandardCharsets.UTF_8);
        try (NamesrvFixture fixture = new NamesrvFixture(dir)) {
            RemotingCommand get = fixture.call(RemotingCommand.request(RequestCode.GET_KV_CONFIG)
                    .ext("namespace", "ORDER_TOPIC_CONFIG").ext("key", "TopicA"));

            assertThat(get.ext("value")).isEqualTo("broker-a:4");
        }
    }

    @Test
    void corruptKvConfigFailsStartNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("kvConfig.json"), "not json", StandardCharsets.UTF_8);
        NameServer nameServer = new NameServer(local());

        assertThatThrownBy(nameServer::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kvConfig.json");
        nameServer.shutdown();
    }
}
