package io.msgframe.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;

import io.msgframe.protocol.remoting.LanguageCode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.junit.jupiter.api.Test;

/**
 * The strongest proof of wire compatibility: the official RocketMQ 4.9.8 body classes, decoded by the fastjson
 * 1.2.69 a 4.9.8 client uses ({@link RemotingSerializable#decode}), read what MsgFrame writes with equal field
 * values; and MsgFrame reads what they write.
 */
class OfficialRocketMq498CompatibilityTest {
    private static final MessageQueue Q0 = new MessageQueue("TopicTest", "broker-a", 0);
    private static final MessageQueue Q3 = new MessageQueue("TopicTest", "broker-b", 3);

    private static <T> T decodeAsRocketMq(Object ours, Class<T> theirs) {
        return RemotingSerializable.decode(RemotingJson.encode(ours), theirs);
    }

    private static MessageQueue ours(org.apache.rocketmq.common.message.MessageQueue queue) {
        return new MessageQueue(queue.getTopic(), queue.getBrokerName(), queue.getQueueId());
    }

    private static org.apache.rocketmq.common.message.MessageQueue theirs(MessageQueue queue) {
        return new org.apache.rocketmq.common.message.MessageQueue(queue.topic(), queue.brokerName(), queue.queueId());
    }

    @Test
    void topicRouteDataIsReadByFastjson() {
        TopicRouteData route = new TopicRouteData("broker-a:4",
                List.of(new QueueData("broker-a", 4, 8, 6, 1), new QueueData("broker-b", 2, 2, 4, 0)),
                List.of(new BrokerData("DefaultCluster", "broker-a", Map.of(0L, "10.0.0.1:10911", 1L, "10.0.0.2:10911")),
                        new BrokerData("DefaultCluster", "broker-b", Map.of(0L, "10.0.0.3:10911"))),
                Map.of());

        org.apache.rocketmq.common.protocol.route.TopicRouteData decoded =
                decodeAsRocketMq(route, org.apache.rocketmq.common.protocol.route.TopicRouteData.class);

        assertThat(decoded.getOrderTopicConf()).isEqualTo("broker-a:4");
        assertThat(decoded.getFilterServerTable()).isEmpty();
        assertThat(decoded.getQueueDatas()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            org.apache.rocketmq.common.protocol.route.QueueData theirs = decoded.getQueueDatas().get(i);
            QueueData ours = route.queueDatas().get(i);
            assertThat(new QueueData(theirs.getBrokerName(), theirs.getReadQueueNums(), theirs.getWriteQueueNums(),
                    theirs.getPerm(), theirs.getTopicSysFlag())).isEqualTo(ours);
        }
        assertThat(decoded.getBrokerDatas()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            org.apache.rocketmq.common.protocol.route.BrokerData theirs = decoded.getBrokerDatas().get(i);
            BrokerData ours = route.brokerDatas().get(i);
            assertThat(theirs.getCluster()).isEqualTo(ours.cluster());
            assertThat(theirs.getBrokerName()).isEqualTo(ours.brokerName());
            assertThat(theirs.getBrokerAddrs()).isEqualTo(new HashMap<>(ours.brokerAddrs()));
            assertThat(theirs.getBrokerAddrs().keySet()).allMatch(key -> key instanceof Long);
            assertThat(theirs.selectBrokerAddr()).isEqualTo(ours.masterAddr());
        }
    }

    @Test
    void clusterInfoIsReadByFastjson() {
        ClusterInfo info = RouteAndClusterJsonTest.sampleClusterInfo();

        org.apache.rocketmq.common.protocol.body.ClusterInfo decoded =
                decodeAsRocketMq(info, org.apache.rocketmq.common.protocol.body.ClusterInfo.class);

        assertThat(decoded.getClusterAddrTable()).isEqualTo(new HashMap<>(info.clusterAddrTable()));
        assertThat(decoded.getBrokerAddrTable()).containsOnlyKeys("broker-a", "broker-b");
        assertThat(decoded.getBrokerAddrTable().get("broker-b").getBrokerAddrs())
                .isEqualTo(new HashMap<>(info.brokerAddrTable().get("broker-b").brokerAddrs()));
        assertThat(decoded.retrieveAllAddrByCluster("DefaultCluster"))
                .containsExactlyInAnyOrder("10.0.0.1:10911", "10.0.0.2:10911", "10.0.0.3:10911");
    }

    @Test
    void consumeStatsWithObjectKeysIsReadByFastjson() {
        ConsumeStats stats = new ConsumeStats(12.5, Map.of(
                Q0, new OffsetWrapper(100, 90, 95, 1700000000000L),
                Q3, new OffsetWrapper(7, 0, 0, 0)));

        org.apache.rocketmq.common.admin.ConsumeStats decoded =
                decodeAsRocketMq(stats, org.apache.rocketmq.common.admin.ConsumeStats.class);

        assertThat(decoded.getConsumeTps()).isEqualTo(12.5);
        assertThat(decoded.getOffsetTable()).hasSize(2);
        decoded.getOffsetTable().forEach((queue, offsets) -> {
            OffsetWrapper expected = stats.offsetTable().get(ours(queue));
            assertThat(expected).as("queue %s", queue).isNotNull();
            assertThat(offsets.getBrokerOffset()).isEqualTo(expected.brokerOffset());
            assertThat(offsets.getConsumerOffset()).isEqualTo(expected.consumerOffset());
            assertThat(offsets.getLastTimestamp()).isEqualTo(expected.lastTimestamp());
        });
        assertThat(decoded.computeTotalDiff()).isEqualTo(stats.totalDiff());
    }

    @Test
    void topicStatsTableWithObjectKeysIsReadByFastjson() {
        TopicStatsTable table = new TopicStatsTable(Map.of(Q0, new TopicOffset(0, 10, 123), Q3, new TopicOffset(5, 6, 7)));

        org.apache.rocketmq.common.admin.TopicStatsTable decoded =
                decodeAsRocketMq(table, org.apache.rocketmq.common.admin.TopicStatsTable.class);

        assertThat(decoded.getOffsetTable()).hasSize(2);
        decoded.getOffsetTable().forEach((queue, offsets) -> assertThat(
                new TopicOffset(offsets.getMinOffset(), offsets.getMaxOffset(), offsets.getLastUpdateTimestamp()))
                .isEqualTo(table.offsetTable().get(ours(queue))));
    }

    @Test
    void resetOffsetBodyIsReadByFastjson() {
        ResetOffsetBody body = new ResetOffsetBody(Map.of(Q0, 42L, Q3, 7L));

        org.apache.rocketmq.common.protocol.body.ResetOffsetBody decoded =
                decodeAsRocketMq(body, org.apache.rocketmq.common.protocol.body.ResetOffsetBody.class);

        assertThat(decoded.getOffsetTable()).isEqualTo(Map.of(theirs(Q0), 42L, theirs(Q3), 7L));
    }

    @Test
    void lockResponseAndConsumerConnectionAreReadByFastjson() {
        org.apache.rocketmq.common.protocol.body.LockBatchResponseBody locked = decodeAsRocketMq(
                new LockBatchResponseBody(Set.of(Q0, Q3)),
                org.apache.rocketmq.common.protocol.body.LockBatchResponseBody.class);
        assertThat(locked.getLockOKMQSet()).containsExactlyInAnyOrder(theirs(Q0), theirs(Q3));

        ConsumerConnection connection = new ConsumerConnection(
                Set.of(new Connection("10.0.0.9@1#2", "10.0.0.9:50000", LanguageCode.JAVA, 409)),
                Map.of("TopicTest", SubscriptionData.ofTags("TopicTest", "TagA || TagB", 99)),
                ConsumeType.CONSUME_PASSIVELY, MessageModel.BROADCASTING, ConsumeFromWhere.CONSUME_FROM_TIMESTAMP);
        org.apache.rocketmq.common.protocol.body.ConsumerConnection decoded = decodeAsRocketMq(connection,
                org.apache.rocketmq.common.protocol.body.ConsumerConnection.class);
        assertThat(decoded.getConsumeType().name()).isEqualTo("CONSUME_PASSIVELY");
        assertThat(decoded.getMessageModel().name()).isEqualTo("BROADCASTING");
        assertThat(decoded.getConsumeFromWhere().name()).isEqualTo("CONSUME_FROM_TIMESTAMP");
        org.apache.rocketmq.common.protocol.body.Connection theirConnection = decoded.getConnectionSet().iterator().next();
        assertThat(theirConnection.getClientId()).isEqualTo("10.0.0.9@1#2");
        assertThat(theirConnection.getClientAddr()).isEqualTo("10.0.0.9:50000");
        assertThat(theirConnection.getLanguage().name()).isEqualTo("JAVA");
        assertThat(theirConnection.getVersion()).isEqualTo(409);
        org.apache.rocketmq.common.protocol.heartbeat.SubscriptionData sub = decoded.getSubscriptionTable().get("TopicTest");
        assertThat(sub.getSubString()).isEqualTo("TagA || TagB");
        assertThat(sub.getTagsSet()).containsExactlyInAnyOrder("TagA", "TagB");
        assertThat(sub.getCodeSet()).containsExactlyInAnyOrder("TagA".hashCode(), "TagB".hashCode());
        assertThat(sub.getSubVersion()).isEqualTo(99);
        assertThat(sub.getExpressionType()).isEqualTo("TAG");
    }

    @Test
    void smallBodiesAreReadByFastjson() {
        assertThat(decodeAsRocketMq(new GetConsumerListByGroupResponseBody(List.of("a@1", "b@2")),
                org.apache.rocketmq.common.protocol.header.GetConsumerListByGroupResponseBody.class)
                .getConsumerIdList()).containsExactly("a@1", "b@2");
        org.apache.rocketmq.common.protocol.body.TopicList topics = decodeAsRocketMq(
                new TopicList(Set.of("T1", "%RETRY%g"), "10.0.0.1:10911"),
                org.apache.rocketmq.common.protocol.body.TopicList.class);
        assertThat(topics.getTopicList()).containsExactlyInAnyOrder("T1", "%RETRY%g");
        assertThat(topics.getBrokerAddr()).isEqualTo("10.0.0.1:10911");
        assertThat(decodeAsRocketMq(new KVTable(Map.of("getTransferedTps", "1 2 3")),
                org.apache.rocketmq.common.protocol.body.KVTable.class).getTable())
                .isEqualTo(Map.of("getTransferedTps", "1 2 3"));
        assertThat(decodeAsRocketMq(new GroupList(Set.of("g1")),
                org.apache.rocketmq.common.protocol.body.GroupList.class).getGroupList()).containsExactly("g1");
        org.apache.rocketmq.common.protocol.body.QueryConsumeTimeSpanBody spans = decodeAsRocketMq(
                new QueryConsumeTimeSpanBody(List.of(new QueueTimeSpan(Q3, 1, 2, 3, 4))),
                org.apache.rocketmq.common.protocol.body.QueryConsumeTimeSpanBody.class);
        assertThat(spans.getConsumeTimeSpanSet().get(0).getMessageQueue()).isEqualTo(theirs(Q3));
        assertThat(spans.getConsumeTimeSpanSet().get(0).getDelayTime()).isEqualTo(4);
    }

    @Test
    void topicAndGroupConfigWrappersAreReadByFastjson() {
        TopicConfigSerializeWrapper topics = new TopicConfigSerializeWrapper(new DataVersion(0, 1700000000000L, 3),
                Map.of("TopicTest", new TopicConfig("TopicTest", 4, 8, 6, TopicFilterType.MULTI_TAG, 1, true,
                        Map.of("+k", "v"))));

        org.apache.rocketmq.common.protocol.body.TopicConfigSerializeWrapper decoded = decodeAsRocketMq(topics,
                org.apache.rocketmq.common.protocol.body.TopicConfigSerializeWrapper.class);

        assertThat(decoded.getDataVersion().getCounter().get()).isEqualTo(3);
        assertThat(decoded.getDataVersion().getTimestamp()).isEqualTo(1700000000000L);
        org.apache.rocketmq.common.TopicConfig config = decoded.getTopicConfigTable().get("TopicTest");
        assertThat(config.getTopicName()).isEqualTo("TopicTest");
        assertThat(config.getReadQueueNums()).isEqualTo(4);
        assertThat(config.getWriteQueueNums()).isEqualTo(8);
        assertThat(config.getPerm()).isEqualTo(6);
        assertThat(config.getTopicFilterType().name()).isEqualTo("MULTI_TAG");
        assertThat(config.getTopicSysFlag()).isEqualTo(1);
        assertThat(config.isOrder()).isTrue();

        SubscriptionGroupConfig group = new SubscriptionGroupConfig("g", false, true, false, true, 2, 5, 0, 1,
                false, 0, 15, Map.of());
        org.apache.rocketmq.common.protocol.body.SubscriptionGroupWrapper groups = decodeAsRocketMq(
                new SubscriptionGroupWrapper(new DataVersion(0, 1, 1), Map.of("g", group)),
                org.apache.rocketmq.common.protocol.body.SubscriptionGroupWrapper.class);
        org.apache.rocketmq.common.subscription.SubscriptionGroupConfig theirs =
                groups.getSubscriptionGroupTable().get("g");
        assertThat(theirs.isConsumeEnable()).isFalse();
        assertThat(theirs.isConsumeBroadcastEnable()).isFalse();
        assertThat(theirs.getRetryQueueNums()).isEqualTo(2);
        assertThat(theirs.getRetryMaxTimes()).isEqualTo(5);
        assertThat(theirs.isNotifyConsumerIdsChangedEnable()).isFalse();
    }

    @Test
    void registerBrokerBodyCrossesBothWaysInBothEncodings() throws Exception {
        RegisterBrokerBody ours = new RegisterBrokerBody(new TopicConfigSerializeWrapper(
                new DataVersion(0, 1700000000000L, 3),
                Map.of("TopicTest", TopicConfig.of("TopicTest", 4, 4, 6), "TBW102", TopicConfig.of("TBW102", 8, 8, 7))));

        for (boolean compressed : new boolean[] {false, true}) {
            org.apache.rocketmq.common.protocol.body.RegisterBrokerBody theirs =
                    org.apache.rocketmq.common.protocol.body.RegisterBrokerBody.decode(ours.encode(compressed),
                            compressed);
            assertThat(theirs.getTopicConfigSerializeWrapper().getDataVersion().getCounter().get()).isEqualTo(3);
            assertThat(theirs.getTopicConfigSerializeWrapper().getTopicConfigTable()).containsOnlyKeys("TopicTest",
                    "TBW102");
            assertThat(theirs.getTopicConfigSerializeWrapper().getTopicConfigTable().get("TBW102").getPerm())
                    .isEqualTo(7);

            RegisterBrokerBody back = RegisterBrokerBody.decode(theirs.encode(compressed), compressed);
            assertThat(back.topicConfigSerializeWrapper().dataVersion().counter()).isEqualTo(3);
            assertThat(back.topicConfigSerializeWrapper().topicConfigTable())
                    .isEqualTo(ours.topicConfigSerializeWrapper().topicConfigTable());
            assertThat(back.filterServerList()).isEmpty();
        }
    }

    @Test
    void heartbeatWrittenByTheOfficialClassesIsRead() {
        org.apache.rocketmq.common.protocol.heartbeat.SubscriptionData sub =
                new org.apache.rocketmq.common.protocol.heartbeat.SubscriptionData();
        sub.setTopic("TopicTest");
        sub.setSubString("TagA || TagB");
        sub.setTagsSet(new HashSet<>(List.of("TagA", "TagB")));
        sub.setCodeSet(new HashSet<>(List.of("TagA".hashCode(), "TagB".hashCode())));
        sub.setSubVersion(1700000000000L);
        org.apache.rocketmq.common.protocol.heartbeat.ConsumerData consumer =
                new org.apache.rocketmq.common.protocol.heartbeat.ConsumerData();
        consumer.setGroupName("g1");
        consumer.setConsumeType(org.apache.rocketmq.common.protocol.heartbeat.ConsumeType.CONSUME_PASSIVELY);
        consumer.setMessageModel(org.apache.rocketmq.common.protocol.heartbeat.MessageModel.CLUSTERING);
        consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.getSubscriptionDataSet().add(sub);
        org.apache.rocketmq.common.protocol.heartbeat.ProducerData producer =
                new org.apache.rocketmq.common.protocol.heartbeat.ProducerData();
        producer.setGroupName("CLIENT_INNER_PRODUCER");
        org.apache.rocketmq.common.protocol.heartbeat.HeartbeatData theirs =
                new org.apache.rocketmq.common.protocol.heartbeat.HeartbeatData();
        theirs.setClientID("10.0.0.9@4711#1");
        theirs.getConsumerDataSet().add(consumer);
        theirs.getProducerDataSet().add(producer);

        HeartbeatData heartbeat = RemotingJson.decode(theirs.encode(), HeartbeatData.class);

        assertThat(heartbeat).isEqualTo(new HeartbeatData("10.0.0.9@4711#1",
                Set.of(new ProducerData("CLIENT_INNER_PRODUCER")),
                Set.of(new ConsumerData("g1", ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING,
                        ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
                        Set.of(SubscriptionData.ofTags("TopicTest", "TagA || TagB", 1700000000000L)), false))));
    }

    @Test
    void lockAndUnlockRequestsWrittenByTheOfficialClassesAreRead() {
        org.apache.rocketmq.common.protocol.body.LockBatchRequestBody lock =
                new org.apache.rocketmq.common.protocol.body.LockBatchRequestBody();
        lock.setConsumerGroup("g1");
        lock.setClientId("10.0.0.9@4711");
        lock.setMqSet(new HashSet<>(List.of(theirs(Q0), theirs(Q3))));
        org.apache.rocketmq.common.protocol.body.UnlockBatchRequestBody unlock =
                new org.apache.rocketmq.common.protocol.body.UnlockBatchRequestBody();
        unlock.setConsumerGroup("g1");
        unlock.setClientId("10.0.0.9@4711");
        unlock.setMqSet(new HashSet<>(List.of(theirs(Q3))));

        assertThat(RemotingJson.decode(lock.encode(), LockBatchRequestBody.class))
                .isEqualTo(new LockBatchRequestBody("g1", "10.0.0.9@4711", false, Set.of(Q0, Q3)));
        assertThat(RemotingJson.decode(unlock.encode(), UnlockBatchRequestBody.class))
                .isEqualTo(new UnlockBatchRequestBody("g1", "10.0.0.9@4711", false, Set.of(Q3)));
    }

    @Test
    @SuppressWarnings("deprecation") // GetConsumerStatusBody: deprecated in RocketMQ, still on the wire
    void bodiesWrittenByOfficialServersAreRead() {
        // fastjson writes MessageQueue keys as objects and brokerAddrs keys bare: both non-standard
        org.apache.rocketmq.common.admin.ConsumeStats stats = new org.apache.rocketmq.common.admin.ConsumeStats();
        org.apache.rocketmq.common.admin.OffsetWrapper offsets = new org.apache.rocketmq.common.admin.OffsetWrapper();
        offsets.setBrokerOffset(10);
        offsets.setConsumerOffset(4);
        offsets.setLastTimestamp(99);
        stats.getOffsetTable().put(theirs(Q3), offsets);
        stats.setConsumeTps(3.25);
        String statsJson = stats.toJson();
        assertThat(statsJson).contains("{{\"brokerName\":\"broker-b\",\"queueId\":3,\"topic\":\"TopicTest\"}:");
        assertThat(RemotingJson.decode(statsJson, ConsumeStats.class))
                .isEqualTo(new ConsumeStats(3.25, Map.of(Q3, new OffsetWrapper(10, 4, 0, 99))));
        assertThat(RemotingJson.encodeToString(new ConsumeStats(3.25, Map.of(Q3, new OffsetWrapper(10, 4, 0, 99)))))
                .isEqualTo(statsJson.replace("\"lastTimestamp\":99", "\"lastTimestamp\":99,\"pullOffset\":0"));

        org.apache.rocketmq.common.protocol.route.BrokerData broker =
                new org.apache.rocketmq.common.protocol.route.BrokerData("c", "broker-a",
                        new HashMap<>(Map.of(0L, "10.0.0.1:10911", 2L, "10.0.0.2:10911")));
        org.apache.rocketmq.common.protocol.body.ClusterInfo info = new org.apache.rocketmq.common.protocol.body.ClusterInfo();
        info.setBrokerAddrTable(new HashMap<>(Map.of("broker-a", broker)));
        info.setClusterAddrTable(new HashMap<>(Map.of("c", new HashSet<>(Set.of("broker-a")))));
        String infoJson = info.toJson();
        assertThat(infoJson).contains("{0:\"10.0.0.1:10911\"");
        ClusterInfo read = RemotingJson.decode(infoJson, ClusterInfo.class);
        assertThat(read.brokerAddrTable().get("broker-a").brokerAddrs())
                .isEqualTo(Map.of(0L, "10.0.0.1:10911", 2L, "10.0.0.2:10911"));
        assertThat(read.clusterAddrTable()).isEqualTo(Map.of("c", Set.of("broker-a")));

        org.apache.rocketmq.common.DataVersion version = new org.apache.rocketmq.common.DataVersion();
        version.setCounter(new AtomicLong(8));
        version.setTimestamp(1234);
        assertThat(RemotingJson.decode(version.encode(), DataVersion.class)).isEqualTo(new DataVersion(0, 1234, 8));

        org.apache.rocketmq.common.protocol.body.GetConsumerStatusBody status =
                new org.apache.rocketmq.common.protocol.body.GetConsumerStatusBody();
        status.getMessageQueueTable().put(theirs(Q0), 5L);
        status.getConsumerTable().put("client", new HashMap<>(Map.of(theirs(Q3), 6L)));
        assertThat(RemotingJson.decode(status.encode(), GetConsumerStatusBody.class))
                .isEqualTo(new GetConsumerStatusBody(Map.of(Q0, 5L), Map.of("client", Map.of(Q3, 6L))));
    }
}
