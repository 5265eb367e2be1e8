package io.msgframe.namesrv;

import io.msgframe.namesrv.processor.RouteQueryProcessor;
import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.ClusterInfo;
import io.msgframe.protocol.body.DataVersion;
import io.msgframe.protocol.body.KVTable;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.QueueData;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicConfigSerializeWrapper;
import io.msgframe.protocol.body.TopicFilterType;
import io.msgframe.protocol.body.TopicList;
import io.msgframe.protocol.body.TopicRouteData;
import io.msgframe.protocol.body.TopicSysFlag;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static io.msgframe.namesrv.NamesrvFixture.decode;
import static io.msgframe.namesrv.NamesrvFixture.registerRequest;
import static io.msgframe.namesrv.NamesrvFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;

/** A real name server on loopback, asked over the wire what clients, brokers and mqadmin ask. */
class NameServerRequestsTest {
    static final String CLUSTER = "DefaultCluster";
    static final String MASTER = "127.0.0.1:10911";
    static final String SLAVE = "127.0.0.1:20911";

    @TempDir
    Path dir;
    NamesrvFixture fixture;

    @BeforeEach
    void start() {
        fixture = new NamesrvFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    RemotingCommand register(String brokerName, String addr, long id, boolean compressed,
                             TopicConfigSerializeWrapper topics) {
        RemotingCommand response = fixture.call(registerRequest(CLUSTER, brokerName, addr, id, compressed, topics));
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        return response;
    }

    RemotingCommand route(String topic) {
        return fixture.call(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).ext("topic", topic));
    }

    @Test
    void registeredMasterAndSlaveMakeARouteThatDecodesBack() {
        register("broker-a", MASTER, 0, false, topics(1, TopicConfig.of("TopicA", 8, 4, PermName.READ_WRITE)));
        RemotingCommand slaveResponse = register("broker-a", SLAVE, 1, true, topics(1));

        RemotingCommand response = route("TopicA");

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        TopicRouteData route = decode(response, TopicRouteData.class);
        assertThat(route.queueDatas()).containsExactly(new QueueData("broker-a", 8, 4, PermName.READ_WRITE, 0));
        assertThat(route.brokerDatas()).containsExactly(
                new BrokerData(CLUSTER, "broker-a", Map.of(0L, MASTER, 1L, SLAVE)));
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .contains("\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\",\"1\":\"127.0.0.1:20911\"}")
                .contains("\"filterServerTable\":{}");
        assertThat(slaveResponse.ext("masterAddr")).isEqualTo(MASTER);
        assertThat(slaveResponse.ext("haServerAddr")).isEqualTo("127.0.0.1:10912");
    }

    @Test
    void masterRegistrationResponseHasNoMasterFieldsAndNoBodyWithoutOrderConfig() {
        RemotingCommand response = register("broker-a", MASTER, 0, false, topics(1));

        assertThat(response.ext("masterAddr")).isNull();
        assertThat(response.ext("haServerAddr")).isNull();
        assertThat(response.body()).isNull();
    }

    @Test
    void compressedRegistrationCarriesTopicsToo() {
        register("broker-a", MASTER, 0, true, topics(1, TopicConfig.of("TopicA", 4, 4, PermName.READ),
                new TopicConfig("TopicB", 2, 2, 6, TopicFilterType.MULTI_TAG, 0, false, Map.of())));

        assertThat(decode(route("TopicA"), TopicRouteData.class).queueDatas())
                .containsExactly(new QueueData("broker-a", 4, 4, PermName.READ, 0));
        assertThat(decode(route("TopicB"), TopicRouteData.class).queueDatas())
                .containsExactly(new QueueData("broker-a", 2, 2, 6, 0));
    }

    @Test
    void unknownTopicIsTopicNotExistWithRocketMqsRemark() {
        RemotingCommand response = route("NoSuchTopic");

        assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST).isEqualTo(17);
        assertThat(response.remark()).startsWith("No topic route info in name server for the topic: NoSuchTopic");
        assertThat(response.body()).isNull();
    }

    @Test
    void unknownRequestCodeIsNotSupported() {
        RemotingCommand response = fixture.call(RemotingCommand.request(99_999));

        assertThat(response.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED).isEqualTo(3);
    }

    @Test
    void malformedRegisterBodiesAreErrorsAndTheServerKeepsServing() {
        RemotingCommand badJson = registerRequest(CLUSTER, "broker-a", MASTER, 0, false, topics(1))
                .body("{\"topicConfigSerializeWrapper\":".getBytes(StandardCharsets.UTF_8));
        badJson.ext("bodyCrc32", null);
        RemotingCommand badZlib = registerRequest(CLUSTER, "broker-a", MASTER, 0, true, topics(1))
                .body(new byte[] {1, 2, 3, 4});
        badZlib.ext("bodyCrc32", null);
        RemotingCommand badCrc = registerRequest(CLUSTER, "broker-a", MASTER, 0, false, topics(1))
                .ext("bodyCrc32", 12345);

        assertThat(fixture.call(badJson).code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        RemotingCommand zlib = fixture.call(badZlib);
        assertThat(zlib.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(zlib.remark()).contains("compressed");
        RemotingCommand crc = fixture.call(badCrc);
        assertThat(crc.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(crc.remark()).isEqualTo("crc32 not match");
        assertThat(fixture.nameServer.routeRegistry().liveBrokers()).isEmpty();

        register("broker-a", MASTER, 0, false, topics(1, TopicConfig.of("TopicA", 4, 4, 6)));
        assertThat(route("TopicA").code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void missingHeaderFieldIsAnErrorNamingIt() {
        RemotingCommand request = registerRequest(CLUSTER, "broker-a", MASTER, 0, false, topics(1));
        request.ext("brokerName", null);

        RemotingCommand response = fixture.call(request);

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).contains("brokerName");
    }

    @Test
    void registrationWithoutBodyRegistersTheBrokerWithoutTopics() {
        RemotingCommand request = registerRequest(CLUSTER, "broker-a", MASTER, 0, false, topics(1)).body(null);
        request.ext("bodyCrc32", null);

        assertThat(fixture.call(request).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(fixture.nameServer.routeRegistry().clusterInfo().brokerAddrTable()).containsKey("broker-a");
    }

    @Test
    void clusterInfoListsTheRegisteredBrokers() {
        register("broker-a", MASTER, 0, false, topics(1));
        register("broker-a", SLAVE, 1, false, topics(1));

        RemotingCommand response = fixture.call(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO));

        ClusterInfo info = decode(response, ClusterInfo.class);
        assertThat(info.clusterAddrTable()).isEqualTo(Map.of(CLUSTER, Set.of("broker-a")));
        assertThat(info.brokerAddrTable().get("broker-a").brokerAddrs()).isEqualTo(Map.of(0L, MASTER, 1L, SLAVE));
    }

    @Test
    void topicListsFromTheNameServer() {
        register("broker-a", MASTER, 0, false, topics(1, TopicConfig.of("TopicA", 4, 4, 6),
                TopicConfig.of("%RETRY%group", 1, 1, 6),
                new TopicConfig("UnitSub", 1, 1, 6, TopicFilterType.SINGLE_TAG, TopicSysFlag.UNIT_SUB, false,
                        Map.of())));

        TopicList all = decode(fixture.call(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)),
                TopicList.class);
        TopicList ofCluster = decode(fixture.call(RemotingCommand.request(RequestCode.GET_TOPICS_BY_CLUSTER)
                .ext("cluster", CLUSTER)), TopicList.class);
        TopicList system = decode(fixture.call(RemotingCommand.request(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS)),
                TopicList.class);
        TopicList unitSub = decode(fixture.call(RemotingCommand.request(
                RouteQueryProcessor.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST)), TopicList.class);

        assertThat(all.topicList()).containsExactlyInAnyOrder("TopicA", "%RETRY%group", "UnitSub");
        assertThat(ofCluster.topicList()).isEqualTo(all.topicList());
        assertThat(system.topicList()).containsExactlyInAnyOrder(CLUSTER, "broker-a");
        assertThat(system.brokerAddr()).isEqualTo(MASTER);
        assertThat(unitSub.topicList()).containsExactly("UnitSub");
    }

    @Test
    void kvConfigPutGetListDelete() {
        RemotingCommand put = RemotingCommand.request(RequestCode.PUT_KV_CONFIG)
                .ext("namespace", KVTable.NAMESPACE_ORDER_TOPIC_CONFIG).ext("key", "TopicA")
                .ext("value", "broker-a:4");
        assertThat(fixture.call(put).code()).isEqualTo(ResponseCode.SUCCESS);

        RemotingCommand get = fixture.call(RemotingCommand.request(RequestCode.GET_KV_CONFIG)
                .ext("namespace", KVTable.NAMESPACE_ORDER_TOPIC_CONFIG).ext("key", "TopicA"));
        assertThat(get.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(get.ext("value")).isEqualTo("broker-a:4");

        RemotingCommand list = fixture.call(RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE)
                .ext("namespace", KVTable.NAMESPACE_ORDER_TOPIC_CONFIG));
        assertThat(decode(list, KVTable.class).table()).isEqualTo(Map.of("TopicA", "broker-a:4"));

        assertThat(fixture.call(RemotingCommand.request(RequestCode.DELETE_KV_CONFIG)
                .ext("namespace", KVTable.NAMESPACE_ORDER_TOPIC_CONFIG).ext("key", "TopicA")).code())
                .isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand gone = fixture.call(RemotingCommand.request(RequestCode.GET_KV_CONFIG)
                .ext("namespace", KVTable.NAMESPACE_ORDER_TOPIC_CONFIG).ext("key", "TopicA"));
        assertThat(gone.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        assertThat(gone.remark()).isEqualTo("No config item, Namespace: ORDER_TOPIC_CONFIG Key: TopicA");
        assertThat(fixture.call(RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE)
                .ext("namespace", KVTable.NAMESPACE_ORDER_TOPIC_CONFIG)).code())
                .isEqualTo(ResponseCode.QUERY_NOT_FOUND);
    }

    @Test
    void orderTopicConfigReachesRegisteringBrokersAndRoutesWhenEnabled() {
        fixture.close();
        fixture = new NamesrvFixture(dir, "orderMessageEnable", "true");
        fixture.call(RemotingCommand.request(RequestCode.PUT_KV_CONFIG)
                .ext("namespace", KVTable.NAMESPACE_ORDER_TOPIC_CONFIG).ext("key", "TopicA")
                .ext("value", "broker-a:4"));

        RemotingCommand registered = register("broker-a", MASTER, 0, false,
                topics(1, TopicConfig.of("TopicA", 4, 4, 6)));

        assertThat(decode(registered, KVTable.class).table()).isEqualTo(Map.of("TopicA", "broker-a:4"));
        assertThat(decode(route("TopicA"), TopicRouteData.class).orderTopicConf()).isEqualTo("broker-a:4");
    }

    @Test
    void orderTopicConfigStaysOutOfRoutesByDefault() {
        fixture.call(RemotingCommand.request(RequestCode.PUT_KV_CONFIG)
                .ext("namespace", KVTable.NAMESPACE_ORDER_TOPIC_CONFIG).ext("key", "TopicA")
                .ext("value", "broker-a:4"));
        register("broker-a", MASTER, 0, false, topics(1, TopicConfig.of("TopicA", 4, 4, 6)));

        assertThat(decode(route("TopicA"), TopicRouteData.class).orderTopicConf()).isNull();
    }

    @Test
    void wipeWritePermLeavesRoutesReadOnlyUntilAddWritePerm() {
        register("broker-a", MASTER, 0, false, topics(1, TopicConfig.of("TopicA", 4, 4, 6),
                TopicConfig.of("TopicB", 4, 4, 6)));

        RemotingCommand wiped = fixture.call(RemotingCommand.request(RequestCode.WIPE_WRITE_PERM_OF_BROKER)
                .ext("brokerName", "broker-a"));

        assertThat(wiped.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(wiped.ext("wipeTopicCount")).isEqualTo("2");
        int perm = decode(route("TopicA"), TopicRouteData.class).queueDatas().get(0).perm();
        assertThat(PermName.isWriteable(perm)).isFalse();
        assertThat(PermName.isReadable(perm)).isTrue();

        // the broker's next periodic registration (same data version) does not undo it
        register("broker-a", MASTER, 0, false, topics(1, TopicConfig.of("TopicA", 4, 4, 6),
                TopicConfig.of("TopicB", 4, 4, 6)));
        assertThat(decode(route("TopicA"), TopicRouteData.class).queueDatas().get(0).perm()).isEqualTo(PermName.READ);

        RemotingCommand added = fixture.call(RemotingCommand.request(RequestCode.ADD_WRITE_PERM_OF_BROKER)
                .ext("brokerName", "broker-a"));
        assertThat(added.ext("addTopicCount")).isEqualTo("2");
        assertThat(decode(route("TopicA"), TopicRouteData.class).queueDatas().get(0).perm())
                .isEqualTo(PermName.READ_WRITE);
    }

    @Test
    void deleteTopicInNamesrvRemovesTheRoute() {
        register("broker-a", MASTER, 0, false, topics(1, TopicConfig.of("TopicA", 4, 4, 6)));

        RemotingCommand response = fixture.call(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV)
                .ext("topic", "TopicA").ext("clusterName", CLUSTER));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(route("TopicA").code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void queryDataVersionTellsWhetherTheBrokerMustRegisterAgain() {
        TopicConfigSerializeWrapper topics = topics(3, TopicConfig.of("TopicA", 4, 4, 6));
        register("broker-a", MASTER, 0, false, topics);

        RemotingCommand same = fixture.call(dataVersionQuery(topics.dataVersion()));
        RemotingCommand newer = fixture.call(dataVersionQuery(topics.dataVersion().next(1_800_000_000_000L)));

        assertThat(same.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(same.ext("changed")).isEqualTo("false");
        assertThat(decode(same, DataVersion.class)).isEqualTo(topics.dataVersion());
        assertThat(newer.ext("changed")).isEqualTo("true");
    }

    private static RemotingCommand dataVersionQuery(DataVersion version) {
        return RemotingCommand.request(RequestCode.QUERY_DATA_VERSION).ext("brokerName", "broker-a")
                .ext("brokerAddr", MASTER).ext("clusterName", CLUSTER).ext("brokerId", 0)
                .body(RemotingJson.encode(version));
    }

    @Test
    void brokerHeartbeatIsAnswered() {
        register("broker-a", MASTER, 0, false, topics(1));

        RemotingCommand response = fixture.call(RemotingCommand.request(RequestCode.BROKER_HEARTBEAT)
                .ext("clusterName", CLUSTER).ext("brokerAddr", MASTER).ext("brokerName", "broker-a"));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void unregisteredBrokerLosesItsRoutes() {
        register("broker-a", MASTER, 0, false, topics(1, TopicConfig.of("TopicA", 4, 4, 6)));

        RemotingCommand response = fixture.call(RemotingCommand.request(RequestCode.UNREGISTER_BROKER)
                .ext("brokerName", "broker-a").ext("brokerAddr", MASTER).ext("clusterName", CLUSTER)
                .ext("brokerId", 0));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(route("TopicA").code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void closingTheBrokersConnectionRemovesItsRoutesAtOnce() throws InterruptedException {
        RemotingClient broker = fixture.newBrokerClient();
        RemotingCommand response = broker.invokeSync(fixture.addr(), registerRequest(CLUSTER, "broker-a", MASTER, 0,
                false, topics(1, TopicConfig.of("TopicA", 4, 4, 6))), NamesrvFixture.TIMEOUT_MS);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(route("TopicA").code()).isEqualTo(ResponseCode.SUCCESS);

        broker.closeChannel(fixture.addr());

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (route("TopicA").code() == ResponseCode.SUCCESS && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(route("TopicA").code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void namesrvConfigCanBeReadAndChangedButNotItsFixedKeys() {
        RemotingCommand before = fixture.call(RemotingCommand.request(RequestCode.GET_NAMESRV_CONFIG));
        assertThat(new String(before.body(), StandardCharsets.UTF_8)).contains("orderMessageEnable=false\n")
                .contains("listenPort=0\n");

        RemotingCommand update = fixture.call(RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG)
                .body("orderMessageEnable=true\n".getBytes(StandardCharsets.UTF_8)));
        RemotingCommand fixed = fixture.call(RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG)
                .body("kvConfigPath=/etc/passwd\n".getBytes(StandardCharsets.UTF_8)));
        RemotingCommand invalid = fixture.call(RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG)
                .body("brokerHeartbeatTimeoutMs=soon\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(update.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(fixture.nameServer.config().orderMessageEnable()).isTrue();
        assertThat(fixed.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(fixed.remark()).contains("kvConfigPath");
        assertThat(invalid.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(invalid.remark()).contains("brokerHeartbeatTimeoutMs");
        assertThat(fixture.nameServer.config().kvConfigPath()).isEqualTo(dir.resolve("kvConfig.json"));
    }
}
