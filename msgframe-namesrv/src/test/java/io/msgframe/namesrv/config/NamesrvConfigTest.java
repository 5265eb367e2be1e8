package io.msgframe.namesrv.config;

import io.msgframe.protocol.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesrvConfigTest {

    @Test
    void defaultsAreRocketMqs() {
        NamesrvConfig config = NamesrvConfig.defaults();

        assertThat(config.listenPort()).isEqualTo(9876);
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.brokerHeartbeatTimeoutMs()).isEqualTo(120_000);
        assertThat(config.scanIntervalMs()).isEqualTo(5_000);
        assertThat(config.orderMessageEnable()).isFalse();
        assertThat(config.kvConfigPath())
                .isEqualTo(Path.of(System.getProperty("user.home"), "namesrv", "kvConfig.json"));
        assertThat(config.remotingServerConfig().port()).isEqualTo(9876);
    }

    @Test
    void rocketMqNamesAreAccepted() {
        NamesrvConfig config = NamesrvConfig.of(Map.of("listenPort", "19876", "kvConfigPath", "/data/kv.json",
                "orderMessageEnable", "true", "scanNotActiveBrokerInterval", "1000"));

        assertThat(config.listenPort()).isEqualTo(19876);
        assertThat(config.kvConfigPath()).isEqualTo(Path.of("/data/kv.json"));
        assertThat(config.orderMessageEnable()).isTrue();
        assertThat(config.scanIntervalMs()).isEqualTo(1000);
    }

    @Test
    void unknownAndInvalidKeysAreReportedByName() {
        assertThatThrownBy(() -> NamesrvConfig.of(Map.of("listenPort", "70000", "noSuchKey", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("listenPort")
                .hasMessageContaining("noSuchKey");
    }

    @Test
    void sharedFilesMayHoldOtherSubsystemsKeys() {
        NamesrvConfig config = NamesrvConfig.fromShared(Map.of("flushMode", "SYNC", "listenPort", "1"));

        assertThat(config.listenPort()).isEqualTo(1);
    }

    @Test
    void liveUpdatesApplyChangeableKeysAndRefuseFixedOnes() {
        LiveConfig live = new LiveConfig(NamesrvConfig.defaults().with("listenPort", "0"));

        live.update(Map.of("orderMessageEnable", "true"));
        assertThat(live.get().orderMessageEnable()).isTrue();
        assertThat(live.get().listenPort()).isZero();

        assertThatThrownBy(() -> live.update(Map.of("kvConfigPath", "/tmp/evil", "orderMessageEnable", "false")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kvConfigPath");
        assertThat(live.get().orderMessageEnable()).isTrue();
        assertThat(LiveConfig.fixedKeysIn(java.util.List.of("clientRequestThreadPoolNums", "orderMessageEnable")))
                .containsExactly("clientRequestThreadPoolNums");
    }
}
