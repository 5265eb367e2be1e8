package io.msgframe.namesrv.route;

import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.ClusterInfo;
import io.msgframe.protocol.body.DataVersion;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.QueueData;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicConfigSerializeWrapper;
import io.msgframe.protocol.body.TopicFilterType;
import io.msgframe.protocol.body.TopicRouteData;
import io.msgframe.protocol.body.TopicSysFlag;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RouteRegistryTest {
    static final String CLUSTER = "DefaultCluster";
    static final String MASTER_A = "10.0.0.1:10911";
    static final String SLAVE_A = "10.0.0.2:10911";
    static final String MASTER_B = "10.0.0.3:10911";

    final MutableClock clock = new MutableClock(1_700_000_000_000L);
    NamesrvConfig config = NamesrvConfig.defaults();
    final RouteRegistry registry = new RouteRegistry(clock, () -> config);

    static TopicConfigSerializeWrapper topics(long counter, TopicConfig... configs) {
        Map<String, TopicConfig> table = new LinkedHashMap<>();
        for (TopicConfig config : configs) {
            table.put(config.topicName(), config);
        }
        return new TopicConfigSerializeWrapper(new DataVersion(0, 1_000L + counter, counter), table);
    }

    static BrokerRegistration master(String brokerName, String addr, TopicConfigSerializeWrapper topics) {
        return new BrokerRegistration(CLUSTER, brokerName, addr, 0, haOf(addr), 0, topics, null);
    }

    static BrokerRegistration slave(String brokerName, String addr, TopicConfigSerializeWrapper topics) {
        return new BrokerRegistration(CLUSTER, brokerName, addr, 1, haOf(addr), 0, topics, null);
    }

    static String haOf(String addr) {
        return addr.replace(":10911", ":10912");
    }

    @Test
    void masterRegistrationGivesTopicARouteWithItsQueuesAndMembers() {
        RegisterResult result = registry.register(master("broker-a", MASTER_A,
                topics(1, TopicConfig.of("TopicA", 8, 4, PermName.READ_WRITE))));

        TopicRouteData route = registry.route("TopicA");

        assertThat(result).isEqualTo(RegisterResult.NONE);
        assertThat(route.queueDatas()).containsExactly(new QueueData("broker-a", 8, 4, 6, 0));
        assertThat(route.brokerDatas()).containsExactly(new BrokerData(CLUSTER, "broker-a", Map.of(0L, MASTER_A)));
        assertThat(route.filterServerTable()).isEmpty();
        assertThat(route.orderTopicConf()).isNull();
    }

    @Test
    void unknownTopicHasNoRoute() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));

        assertThat(registry.route("Nope")).isNull();
    }

    @Test
    void slaveJoinsTheBrokerNameButItsTopicsAreIgnoredAndItLearnsItsMaster() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));

        RegisterResult result = registry.register(slave("broker-a", SLAVE_A,
                topics(1, TopicConfig.of("TopicA", 4, 4, 6), TopicConfig.of("SlaveOnly", 4, 4, 6))));

        assertThat(result).isEqualTo(new RegisterResult("10.0.0.1:10912", MASTER_A));
        assertThat(registry.route("TopicA").brokerDatas().get(0).brokerAddrs())
                .containsExactlyInAnyOrderEntriesOf(Map.of(0L, MASTER_A, 1L, SLAVE_A));
        assertThat(registry.route("SlaveOnly")).isNull();
    }

    @Test
    void slaveWithoutLiveMasterGetsNoMasterAddresses() {
        RegisterResult result = registry.register(slave("broker-a", SLAVE_A, topics(1)));

        assertThat(result).isEqualTo(RegisterResult.NONE);
        assertThat(registry.clusterInfo().brokerAddrTable().get("broker-a").brokerAddrs())
                .containsExactlyInAnyOrderEntriesOf(Map.of(1L, SLAVE_A));
    }

    @Test
    void topicOnTwoBrokersListsBothQueueEntriesAndBothBrokerNames() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));
        registry.register(master("broker-b", MASTER_B, topics(1, TopicConfig.of("TopicA", 2, 2, 6))));

        TopicRouteData route = registry.route("TopicA");

        assertThat(route.queueDatas()).extracting(QueueData::brokerName).containsExactly("broker-a", "broker-b");
        assertThat(route.brokerDatas()).extracting(BrokerData::brokerName).containsExactly("broker-a", "broker-b");
    }

    @Test
    void sysFlagOfTheTopicConfigReachesTheRoute() {
        TopicConfig unit = new TopicConfig("UnitTopic", 4, 4, 6, TopicFilterType.SINGLE_TAG, TopicSysFlag.UNIT, false,
                Map.of());
        registry.register(master("broker-a", MASTER_A, topics(1, unit)));

        assertThat(registry.route("UnitTopic").queueDatas().get(0).topicSysFlag()).isEqualTo(TopicSysFlag.UNIT);
        assertThat(registry.topicsWithSysFlag(TopicSysFlag::isUnit).topicList()).containsExactly("UnitTopic");
        assertThat(registry.topicsWithSysFlag(TopicSysFlag::hasUnitSub).topicList()).isEmpty();
    }

    @Test
    void reRegistrationWithAnUnchangedDataVersionKeepsRoutesAsTheyAre() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));
        registry.wipeWritePerm("broker-a");

        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));

        assertThat(registry.route("TopicA").queueDatas().get(0).perm()).isEqualTo(PermName.READ);
    }

    @Test
    void reRegistrationWithANewDataVersionReplacesQueueEntries() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));
        registry.wipeWritePerm("broker-a");

        registry.register(master("broker-a", MASTER_A, topics(2, TopicConfig.of("TopicA", 16, 16, 6),
                TopicConfig.of("TopicB", 1, 1, 6))));

        assertThat(registry.route("TopicA").queueDatas()).containsExactly(new QueueData("broker-a", 16, 16, 6, 0));
        assertThat(registry.route("TopicB")).isNotNull();
    }

    @Test
    void topicsAMasterNoLongerListsStayUnlessConfiguredOtherwise() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6),
                TopicConfig.of("Gone", 4, 4, 6))));
        registry.register(master("broker-a", MASTER_A, topics(2, TopicConfig.of("TopicA", 4, 4, 6))));
        assertThat(registry.route("Gone")).isNotNull();

        config = config.with("deleteTopicWithBrokerRegistration", "true");
        registry.register(master("broker-a", MASTER_A, topics(3, TopicConfig.of("TopicA", 4, 4, 6))));

        assertThat(registry.route("Gone")).isNull();
        assertThat(registry.route("TopicA")).isNotNull();
    }

    @Test
    void topicConfigWithoutANameIsFiledUnderItsTableKeyOrIgnored() {
        Map<String, TopicConfig> table = new LinkedHashMap<>();
        table.put("Keyed", TopicConfig.of(null, 4, 4, 6));
        table.put("", TopicConfig.of(null, 4, 4, 6));
        registry.register(master("broker-a", MASTER_A, new TopicConfigSerializeWrapper(DataVersion.NONE, table)));

        assertThat(registry.allTopics().topicList()).containsExactly("Keyed");
    }

    @Test
    void addressReRegisteringUnderAnotherIdReplacesItsOldEntry() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));
        registry.register(slave("broker-a", SLAVE_A, topics(1)));

        // the slave is promoted: same address, id 0; the old master is gone
        registry.unregister(CLUSTER, "broker-a", MASTER_A, 0);
        registry.register(master("broker-a", SLAVE_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));

        assertThat(registry.clusterInfo().brokerAddrTable().get("broker-a").brokerAddrs())
                .containsExactlyInAnyOrderEntriesOf(Map.of(0L, SLAVE_A));
    }

    @Test
    void silentBrokersExpireAfterTheTimeoutAndTheirQueuesGoWithTheLastMember() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));
        clock.advanceMs(60_000);
        registry.register(slave("broker-a", SLAVE_A, topics(1)));

        clock.advanceMs(60_001); // master silent for 120 001 ms, slave for 60 001 ms
        List<LiveBroker> firstScan = registry.removeExpired();

        assertThat(firstScan).extracting(LiveBroker::brokerAddr).containsExactly(MASTER_A);
        TopicRouteData route = registry.route("TopicA");
        assertThat(route.brokerDatas().get(0).brokerAddrs()).containsExactlyInAnyOrderEntriesOf(Map.of(1L, SLAVE_A));
        assertThat(route.queueDatas()).hasSize(1);

        clock.advanceMs(60_000);
        assertThat(registry.removeExpired()).extracting(LiveBroker::brokerAddr).containsExactly(SLAVE_A);
        assertThat(registry.route("TopicA")).isNull();
        assertThat(registry.clusterInfo().clusterAddrTable()).isEmpty();
        assertThat(registry.clusterInfo().brokerAddrTable()).isEmpty();
        assertThat(registry.allTopics().topicList()).isEmpty();
    }

    @Test
    void brokerAtExactlyTheTimeoutIsStillLive() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));
        clock.advanceMs(120_000);

        assertThat(registry.removeExpired()).isEmpty();
    }

    @Test
    void heartbeatTimeoutAskedByTheBrokerOverridesTheDefault() {
        registry.register(new BrokerRegistration(CLUSTER, "broker-a", MASTER_A, 0, null, 10_000,
                topics(1, TopicConfig.of("TopicA", 4, 4, 6)), null));
        clock.advanceMs(10_001);

        assertThat(registry.removeExpired()).hasSize(1);
    }

    @Test
    void touchKeepsABrokerAlive() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));
        clock.advanceMs(100_000);
        assertThat(registry.touch(MASTER_A)).isTrue();
        clock.advanceMs(100_000);

        assertThat(registry.removeExpired()).isEmpty();
        assertThat(registry.touch("10.9.9.9:1")).isFalse();
    }

    @Test
    void dataVersionIsComparedPerBrokerAddress() {
        TopicConfigSerializeWrapper topics = topics(5, TopicConfig.of("TopicA", 4, 4, 6));
        registry.register(master("broker-a", MASTER_A, topics));

        assertThat(registry.dataVersionOf(MASTER_A)).isEqualTo(topics.dataVersion());
        assertThat(registry.isDataVersionChanged(MASTER_A, topics.dataVersion())).isFalse();
        assertThat(registry.isDataVersionChanged(MASTER_A, topics.dataVersion().next(5))).isTrue();
        assertThat(registry.isDataVersionChanged(MASTER_B, topics.dataVersion())).isTrue();
        assertThat(registry.dataVersionOf(MASTER_B)).isNull();
    }

    @Test
    void wipeWritePermClearsWriteOnEveryTopicOfThatBrokerNameOnlyAndAddRestoresReadWrite() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6),
                TopicConfig.of("TBW102", 8, 8, 7))));
        registry.register(master("broker-b", MASTER_B, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));

        assertThat(registry.wipeWritePerm("broker-a")).isEqualTo(2);
        assertThat(perm("TopicA", "broker-a")).isEqualTo(PermName.READ);
        assertThat(perm("TBW102", "broker-a")).isEqualTo(PermName.READ | PermName.INHERIT);
        assertThat(perm("TopicA", "broker-b")).isEqualTo(PermName.READ_WRITE);

        assertThat(registry.addWritePerm("broker-a")).isEqualTo(2);
        assertThat(perm("TopicA", "broker-a")).isEqualTo(PermName.READ_WRITE);
        assertThat(perm("TBW102", "broker-a")).isEqualTo(PermName.READ_WRITE);
        assertThat(registry.wipeWritePerm("no-such-broker")).isZero();
    }

    private int perm(String topic, String brokerName) {
        return registry.route(topic).queueDatas().stream().filter(q -> q.brokerName().equals(brokerName))
                .findFirst().orElseThrow().perm();
    }

    @Test
    void deleteTopicRemovesItEverywhereOrOnOneClusterOnly() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));
        registry.register(new BrokerRegistration("OtherCluster", "broker-b", MASTER_B, 0, null, 0,
                topics(1, TopicConfig.of("TopicA", 4, 4, 6), TopicConfig.of("TopicB", 4, 4, 6)), null));

        registry.deleteTopic("TopicA", "OtherCluster");
        assertThat(registry.route("TopicA").queueDatas()).extracting(QueueData::brokerName)
                .containsExactly("broker-a");
        registry.deleteTopic("TopicA", "NoSuchCluster");
        assertThat(registry.route("TopicA")).isNotNull();

        registry.deleteTopic("TopicA");
        assertThat(registry.route("TopicA")).isNull();
        assertThat(registry.allTopics().topicList()).containsExactly("TopicB");
        registry.deleteTopic("NeverExisted");
    }

    @Test
    void clusterInfoListsClustersBrokerNamesAndMembers() {
        registry.register(master("broker-a", MASTER_A, topics(1)));
        registry.register(slave("broker-a", SLAVE_A, topics(1)));
        registry.register(new BrokerRegistration("OtherCluster", "broker-b", MASTER_B, 0, null, 0, topics(1), null));

        ClusterInfo info = registry.clusterInfo();

        assertThat(info.clusterAddrTable()).containsExactlyInAnyOrderEntriesOf(Map.of(
                CLUSTER, Set.of("broker-a"), "OtherCluster", Set.of("broker-b")));
        assertThat(info.brokerAddrTable()).containsOnlyKeys("broker-a", "broker-b");
        assertThat(info.brokerAddrTable().get("broker-a"))
                .isEqualTo(new BrokerData(CLUSTER, "broker-a", Map.of(0L, MASTER_A, 1L, SLAVE_A)));
    }

    @Test
    void topicListsByClusterAndSystemTopicList() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));
        registry.register(new BrokerRegistration("OtherCluster", "broker-b", MASTER_B, 0, null, 0,
                topics(1, TopicConfig.of("TopicB", 4, 4, 6)), null));

        assertThat(registry.allTopics().topicList()).containsExactly("TopicA", "TopicB");
        assertThat(registry.topicsOfCluster(CLUSTER).topicList()).containsExactly("TopicA");
        assertThat(registry.topicsOfCluster("NoSuchCluster").topicList()).isEmpty();
        assertThat(registry.systemTopics().topicList())
                .containsExactlyInAnyOrder(CLUSTER, "OtherCluster", "broker-a", "broker-b");
        assertThat(registry.systemTopics().brokerAddr()).isIn(MASTER_A, MASTER_B);
    }

    @Test
    void unregisteringTheLastMemberRemovesTheBrokerNameAndItsQueues() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));
        registry.register(slave("broker-a", SLAVE_A, topics(1)));

        registry.unregister(CLUSTER, "broker-a", MASTER_A, 0);
        assertThat(registry.route("TopicA").brokerDatas().get(0).brokerAddrs())
                .containsExactlyInAnyOrderEntriesOf(Map.of(1L, SLAVE_A));

        registry.unregister(CLUSTER, "broker-a", SLAVE_A, 1);
        assertThat(registry.route("TopicA")).isNull();
        assertThat(registry.clusterInfo().clusterAddrTable()).isEmpty();
        assertThat(registry.liveBrokers()).isEmpty();
    }

    @Test
    void staleUnregisterNamingAnotherAddressLeavesTheCurrentMember() {
        registry.register(master("broker-a", MASTER_A, topics(1, TopicConfig.of("TopicA", 4, 4, 6))));

        registry.unregister(CLUSTER, "broker-a", "10.0.0.99:10911", 0);

        assertThat(registry.route("TopicA")).isNotNull();
    }

    @Test
    void closedConnectionRemovesTheBrokerRegisteredOnIt() {
        StubChannel channelA = new StubChannel("10.0.0.1:50000");
        StubChannel other = new StubChannel("10.0.0.5:50000");
        registry.register(new BrokerRegistration(CLUSTER, "broker-a", MASTER_A, 0, null, 0,
                topics(1, TopicConfig.of("TopicA", 4, 4, 6)), channelA));

        assertThat(registry.removeByChannel(other)).isEmpty();
        assertThat(registry.removeByChannel(channelA)).map(LiveBroker::brokerAddr).contains(MASTER_A);
        assertThat(registry.route("TopicA")).isNull();
    }

    @Test
    void expiryScannerClosesTheConnectionOfAnExpiredBroker() {
        StubChannel channel = new StubChannel("10.0.0.1:50000");
        registry.register(new BrokerRegistration(CLUSTER, "broker-a", MASTER_A, 0, null, 0,
                topics(1, TopicConfig.of("TopicA", 4, 4, 6)), channel));
        BrokerExpiryScanner scanner = new BrokerExpiryScanner(registry, clock, 5_000);

        scanner.scanOnce();
        assertThat(channel.closed).isFalse();
        clock.advanceMs(120_001);
        scanner.scanOnce();

        assertThat(channel.closed).isTrue();
        assertThat(registry.liveBrokers()).isEmpty();
    }
}
