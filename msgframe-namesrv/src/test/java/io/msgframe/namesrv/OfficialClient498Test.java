package io.msgframe.namesrv;

import io.msgframe.namesrv.config.NamesrvConfig;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.DataVersion;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.namesrv.NamesrvUtil;
import org.apache.rocketmq.common.protocol.RequestCode;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.common.protocol.body.ClusterInfo;
import org.apache.rocketmq.common.protocol.body.KVTable;
import org.apache.rocketmq.common.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.common.protocol.body.TopicConfigSerializeWrapper;
import org.apache.rocketmq.common.protocol.body.TopicList;
import org.apache.rocketmq.common.protocol.header.namesrv.RegisterBrokerRequestHeader;
import org.apache.rocketmq.common.protocol.header.namesrv.RegisterBrokerResponseHeader;
import org.apache.rocketmq.common.protocol.route.BrokerData;
import org.apache.rocketmq.common.protocol.route.QueueData;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.apache.rocketmq.common.sysflag.TopicSysFlag;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official Apache RocketMQ 4.9.8 classes against our name server: a broker registering exactly as
 * BrokerOuterAPI does (official header, official body encoding, compressed and not), then the client's
 * MQClientAPIImpl (what producers, consumers and mqadmin use) and a DefaultMQProducer asking for routes.
 * Broker addresses point at closed low ports: nothing ever connects to a real broker.
 */
class OfficialClient498Test {
    static final long TIMEOUT_MS = 5_000;
    static final String CLUSTER = "DefaultCluster";
    static final String MASTER_A = "127.0.0.1:1";
    static final String SLAVE_A = "127.0.0.1:2";
    static final String MASTER_B = "127.0.0.1:3";

    @TempDir
    Path dir;
    NameServer nameServer;
    String namesrvAddr;
    NettyRemotingClient brokerSide;
    MQClientAPIImpl clientApi;

    @BeforeAll
    static void clientLogsThroughSlf4j() {
        System.setProperty("rocketmq.client.logUseSlf4j", "true");
    }

    @BeforeEach
    void start() {
        nameServer = new NameServer(NamesrvConfig.defaults().with("bindAddress", "127.0.0.1", "listenPort", "0",
                "kvConfigPath", dir.resolve("kvConfig.json").toString()));
        nameServer.start();
        namesrvAddr = "127.0.0.1:" + nameServer.port();
        brokerSide = new NettyRemotingClient(new NettyClientConfig());
        brokerSide.start();
        clientApi = new MQClientAPIImpl(new NettyClientConfig(), null, null, new ClientConfig());
        clientApi.start();
        clientApi.updateNameServerAddressList(namesrvAddr);
    }

    @AfterEach
    void stop() {
        clientApi.shutdown();
        brokerSide.shutdown();
        nameServer.shutdown();
    }

    /** What BrokerOuterAPI.registerBroker (4.9.8) sends; returns the response. */
    RemotingCommand registerLike498Broker(String brokerName, String addr, long brokerId, boolean compressed,
                                          long counter, TopicConfig... topics) throws Exception {
        TopicConfigSerializeWrapper wrapper = new TopicConfigSerializeWrapper();
        DataVersion version = new DataVersion();
        version.setCounter(new AtomicLong(counter));
        version.setTimestamp(1_700_000_000_000L);
        wrapper.setDataVersion(version);
        ConcurrentHashMap<String, TopicConfig> table = new ConcurrentHashMap<>();
        for (TopicConfig topic : topics) {
            table.put(topic.getTopicName(), topic);
        }
        wrapper.setTopicConfigTable(table);
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        body.setFilterServerList(List.of());
        byte[] bytes = body.encode(compressed);

        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader();
        header.setBrokerAddr(addr);
        header.setBrokerId(brokerId);
        header.setBrokerName(brokerName);
        header.setClusterName(CLUSTER);
        header.setHaServerAddr(addr + "0");
        header.setCompressed(compressed);
        header.setBodyCrc32(UtilAll.crc32(bytes));
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.REGISTER_BROKER, header);
        request.setBody(bytes);
        RemotingCommand response = brokerSide.invokeSync(namesrvAddr, request, TIMEOUT_MS);
        assertThat(response.getCode()).as(response.getRemark()).isEqualTo(ResponseCode.SUCCESS);
        return response;
    }

    static TopicConfig topic(String name, int queues, int perm) {
        return new TopicConfig(name, queues, queues, perm);
    }

    void registerTwoBrokers() throws Exception {
        registerLike498Broker("broker-a", MASTER_A, 0, false, 1, topic("TopicA", 8, 6), topic("TopicOnlyA", 2, 6));
        registerLike498Broker("broker-a", SLAVE_A, 1, true, 1, topic("TopicA", 8, 6));
        registerLike498Broker("broker-b", MASTER_B, 0, true, 1, topic("TopicA", 4, 6));
    }

    @Test
    void routeDecodedByTheOfficialClientHasQueuesPermsAndAddresses() throws Exception {
        registerTwoBrokers();

        TopicRouteData route = clientApi.getTopicRouteInfoFromNameServer("TopicA", TIMEOUT_MS);

        List<QueueData> queues = route.getQueueDatas();
        queues.sort(Comparator.comparing(QueueData::getBrokerName));
        assertThat(queues).extracting(QueueData::getBrokerName, QueueData::getReadQueueNums,
                        QueueData::getWriteQueueNums, QueueData::getPerm)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("broker-a", 8, 8, 6),
                        org.assertj.core.groups.Tuple.tuple("broker-b", 4, 4, 6));
        Map<String, BrokerData> brokers = new java.util.TreeMap<>();
        route.getBrokerDatas().forEach(b -> brokers.put(b.getBrokerName(), b));
        assertThat(brokers.get("broker-a").getBrokerAddrs()).containsEntry(0L, MASTER_A).containsEntry(1L, SLAVE_A);
        assertThat(brokers.get("broker-a").getCluster()).isEqualTo(CLUSTER);
        assertThat(brokers.get("broker-b").selectBrokerAddr()).isEqualTo(MASTER_B);
        assertThat(route.getFilterServerTable()).isEmpty();
    }

    @Test
    void slaveRegistrationResponseNamesItsMaster() throws Exception {
        registerLike498Broker("broker-a", MASTER_A, 0, false, 1, topic("TopicA", 8, 6));

        RemotingCommand response = registerLike498Broker("broker-a", SLAVE_A, 1, false, 1);

        RegisterBrokerResponseHeader header = (RegisterBrokerResponseHeader) response
                .decodeCommandCustomHeader(RegisterBrokerResponseHeader.class);
        assertThat(header.getMasterAddr()).isEqualTo(MASTER_A);
        assertThat(header.getHaServerAddr()).isEqualTo(MASTER_A + "0");
    }

    @Test
    void producerPublishQueuesFollowWipeAndAddWritePerm() throws Exception {
        registerTwoBrokers();
        DefaultMQProducer producer = new DefaultMQProducer("namesrv_test_producer");
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName("namesrv-test-" + System.nanoTime());
        producer.start();
        try {
            List<MessageQueue> queues = producer.fetchPublishMessageQueues("TopicA");
            assertThat(queues).hasSize(12);
            assertThat(queues).filteredOn(q -> q.getBrokerName().equals("broker-a")).hasSize(8);

            assertThat(clientApi.wipeWritePermOfBroker(namesrvAddr, "broker-a", TIMEOUT_MS)).isEqualTo(2);
            assertThat(producer.fetchPublishMessageQueues("TopicA"))
                    .allMatch(q -> q.getBrokerName().equals("broker-b")).hasSize(4);

            assertThat(clientApi.addWritePermOfBroker(namesrvAddr, "broker-a", TIMEOUT_MS)).isEqualTo(2);
            assertThat(producer.fetchPublishMessageQueues("TopicA")).hasSize(12);
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void unknownTopicFailsWithTopicNotExist() {
        assertThatThrownBy(() -> clientApi.getTopicRouteInfoFromNameServer("NoSuchTopic", TIMEOUT_MS))
                .isInstanceOfSatisfying(MQClientException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST));
    }

    @Test
    void adminClusterAndTopicQueries() throws Exception {
        registerTwoBrokers();
        TopicConfig unit = topic("UnitTopic", 1, 6);
        unit.setTopicSysFlag(TopicSysFlag.buildSysFlag(true, false));
        registerLike498Broker("broker-b", MASTER_B, 0, false, 2, topic("TopicA", 4, 6), unit);

        ClusterInfo info = clientApi.getBrokerClusterInfo(TIMEOUT_MS);
        assertThat(info.getClusterAddrTable()).containsOnlyKeys(CLUSTER);
        assertThat(info.getClusterAddrTable().get(CLUSTER)).containsExactlyInAnyOrder("broker-a", "broker-b");
        assertThat(info.getBrokerAddrTable().get("broker-a").getBrokerAddrs())
                .containsEntry(0L, MASTER_A).containsEntry(1L, SLAVE_A);

        assertThat(clientApi.getTopicListFromNameServer(TIMEOUT_MS).getTopicList())
                .containsExactlyInAnyOrder("TopicA", "TopicOnlyA", "UnitTopic");
        assertThat(clientApi.getTopicsByCluster(CLUSTER, TIMEOUT_MS).getTopicList())
                .containsExactlyInAnyOrder("TopicA", "TopicOnlyA", "UnitTopic");
        assertThat(clientApi.getUnitTopicList(false, TIMEOUT_MS).getTopicList()).containsExactly("UnitTopic");
        assertThat(clientApi.getHasUnitSubTopicList(false, TIMEOUT_MS).getTopicList()).isEmpty();
        // getSystemTopicList would go on to ask the broker (code 305); send the name-server half by hand
        RemotingCommand system = brokerSide.invokeSync(namesrvAddr,
                RemotingCommand.createRequestCommand(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, null), TIMEOUT_MS);
        TopicList systemTopics = TopicList.decode(system.getBody(), TopicList.class);
        assertThat(systemTopics.getTopicList()).containsExactlyInAnyOrder(CLUSTER, "broker-a", "broker-b");
        assertThat(systemTopics.getBrokerAddr()).isIn(MASTER_A, MASTER_B);

        clientApi.deleteTopicInNameServer(namesrvAddr, "TopicOnlyA", CLUSTER, TIMEOUT_MS);
        assertThat(clientApi.getTopicListFromNameServer(TIMEOUT_MS).getTopicList()).doesNotContain("TopicOnlyA");
    }

    @Test
    void adminKvConfigAsUpdateTopicWithOrderDoes() throws Exception {
        String ns = NamesrvUtil.NAMESPACE_ORDER_TOPIC_CONFIG;
        clientApi.putKVConfigValue(ns, "TopicA", "broker-a:8;broker-b:4", TIMEOUT_MS);

        assertThat(clientApi.getKVConfigValue(ns, "TopicA", TIMEOUT_MS)).isEqualTo("broker-a:8;broker-b:4");
        KVTable table = clientApi.getKVListByNamespace(ns, TIMEOUT_MS);
        assertThat(table.getTable()).containsEntry("TopicA", "broker-a:8;broker-b:4");

        clientApi.deleteKVConfigValue(ns, "TopicA", TIMEOUT_MS);
        assertThatThrownBy(() -> clientApi.getKVConfigValue(ns, "TopicA", TIMEOUT_MS))
                .isInstanceOfSatisfying(MQClientException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(ResponseCode.QUERY_NOT_FOUND));
    }

    @Test
    void orderTopicConfReachesTheProducerWhenEnabled() throws Exception {
        registerTwoBrokers();
        Properties enable = new Properties();
        enable.setProperty("orderMessageEnable", "true");
        clientApi.updateNameServerConfig(enable, List.of(namesrvAddr), TIMEOUT_MS);
        clientApi.putKVConfigValue(NamesrvUtil.NAMESPACE_ORDER_TOPIC_CONFIG, "TopicA", "broker-b:2", TIMEOUT_MS);

        TopicRouteData route = clientApi.getTopicRouteInfoFromNameServer("TopicA", TIMEOUT_MS);

        assertThat(route.getOrderTopicConf()).isEqualTo("broker-b:2");
        Properties config = clientApi.getNameServerConfig(List.of(namesrvAddr), TIMEOUT_MS).get(namesrvAddr);
        assertThat(config.getProperty("orderMessageEnable")).isEqualTo("true");
        assertThat(MixAll.properties2String(config)).contains("listenPort=0");
    }
}
