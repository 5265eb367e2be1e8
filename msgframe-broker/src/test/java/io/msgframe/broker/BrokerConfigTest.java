package io.msgframe.broker;

import io.msgframe.protocol.config.ConfigException;
import io.msgframe.store.config.FlushMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerConfigTest {

    @Test
    void defaultsAreRocketMqs() {
        BrokerConfig config = BrokerConfig.defaults();
        assertThat(config.brokerClusterName()).isEqualTo("DefaultCluster");
        assertThat(config.brokerName()).startsWith("broker-");
        assertThat(config.brokerId()).isZero();
        assertThat(config.namesrvAddrList()).isEmpty();
        assertThat(config.listenPort()).isEqualTo(10911);
        assertThat(config.autoCreateTopicEnable()).isTrue();
        assertThat(config.autoCreateSubscriptionGroup()).isTrue();
        assertThat(config.defaultTopicQueueNums()).isEqualTo(8);
        assertThat(config.brokerPermission()).isEqualTo(6);
        assertThat(config.registerNameServerPeriodMs()).isEqualTo(30_000);
        assertThat(config.longPollingEnable()).isTrue();
        assertThat(config.suspendTimeoutMillis()).isEqualTo(15_000);
        assertThat(config.maxReconsumeTimes()).isEqualTo(16);
        assertThat(config.flushConsumerOffsetIntervalMs()).isEqualTo(5_000);
        assertThat(config.brokerIP1()).isNotBlank();
    }

    @Test
    void readsBrokerStoreAndRemotingKeysFromOneMapWithRocketMqAliases() {
        BrokerConfig config = BrokerConfig.parse(Map.of(
                "brokerName", "broker-b", "brokerIP1", "127.0.0.1", "listenPort", "10921",
                "namesrvAddr", "127.0.0.1:9876; 127.0.0.2:9876",
                "registerNameServerPeriod", "10000",          // RocketMQ's name for registerNameServerPeriodMs
                "flushDiskType", "SYNC_FLUSH",                // store key by its RocketMQ name
                "sendMessageThreadPoolNums", "2"));
        assertThat(config.brokerName()).isEqualTo("broker-b");
        assertThat(config.brokerAddr()).isEqualTo("127.0.0.1:10921");
        assertThat(config.namesrvAddrList()).containsExactly("127.0.0.1:9876", "127.0.0.2:9876");
        assertThat(config.registerNameServerPeriodMs()).isEqualTo(10_000);
        assertThat(config.storeConfig().flushMode()).isEqualTo(FlushMode.SYNC);
        assertThat(config.remotingConfig().port()).isEqualTo(10921);
        assertThat(config.threadsOf(ProcessorTable.SEND)).isEqualTo(2);
    }

    @Test
    void badValueIsReportedWithItsKey() {
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("defaultTopicQueueNums", "eight")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("defaultTopicQueueNums='eight'")
                .hasMessageContaining("an integer in [1, 1024]");
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("brokerPermission", "9")))
                .hasMessageContaining("brokerPermission='9'");
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("namesrvAddr", "localhost")))
                .hasMessageContaining("namesrvAddr='localhost'");
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("brokerName", "broker a")))
                .hasMessageContaining("brokerName='broker a'");
    }

    @Test
    void everyProblemOfEveryTableIsListedTogether() {
        ConfigException e = (ConfigException) catchThrowable(() -> BrokerConfig.parse(Map.of(
                "brokerId", "-1", "flushIntervalMs", "0", "listenPort", "70000", "brokerRol", "ASYNC_MASTER")));
        List<String> problems = e.problems();
        assertThat(problems).hasSize(4);
        assertThat(String.join("\n", problems)).contains("brokerId='-1'", "flushIntervalMs='0'",
                "listenPort='70000'", "unknown key 'brokerRol'");
    }

    @Test
    void runtimeKeysChangeAndOthersAreRefusedByName() {
        BrokerConfig config = BrokerConfig.defaults();
        assertThat(config.update(Map.of("brokerPermission", "4", "autoCreateTopicEnable", "true")))
                .containsExactly("brokerPermission");
        assertThat(config.brokerPermission()).isEqualTo(4);
        assertThat(config.dataVersion().counter()).isEqualTo(1);

        assertThatThrownBy(() -> config.update(Map.of("brokerName", "other", "brokerPermission", "6")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'brokerName' cannot be changed while running");
        assertThatThrownBy(() -> config.update(Map.of("flushDiskType", "SYNC_FLUSH")))
                .hasMessageContaining("'flushDiskType' cannot be changed while running");
        assertThatThrownBy(() -> config.update(Map.of("noSuchKey", "1"))).hasMessageContaining("unknown key 'noSuchKey'");
        assertThat(config.brokerPermission()).as("a refused update changes nothing").isEqualTo(4);
        assertThat(config.toProperties()).containsEntry("brokerPermission", "4").containsKey("flushMode")
                .containsKey("listenPort");
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("nothing thrown");
    }

    @Test
    void stockRocketMqBrokerConfCarriesOver() {
        // conf/broker.conf as shipped with Apache RocketMQ
        BrokerConfig config = BrokerConfig.parse(Map.of(
                "brokerClusterName", "DefaultCluster",
                "brokerName", "broker-a",
                "brokerId", "0",
                "deleteWhen", "04",
                "fileReservedTime", "48",
                "brokerRole", "ASYNC_MASTER",
                "flushDiskType", "ASYNC_FLUSH",
                "transactionCheckInterval", "60000"));
        assertThat(config.brokerName()).isEqualTo("broker-a");
        assertThat(config.storeConfig().flushMode()).isEqualTo(FlushMode.ASYNC);
    }

    @Test
    void rocketMqSettingsMsgFrameCannotHonourStopStartUpByName() {
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("brokerRole", "SLAVE", "aclEnable", "true",
                "storePathCommitLog", "/data/commitlog")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("brokerRole='SLAVE'"))
                        .anySatisfy(p -> assertThat(p).startsWith("aclEnable=true"))
                        .anySatisfy(p -> assertThat(p).startsWith("storePathCommitLog")));
        assertThat(BrokerConfig.parse(Map.of("aclEnable", "false")).brokerName()).isNotEmpty();
    }
}
