package io.msgframe.broker;

import io.msgframe.protocol.body.ConsumeStats;
import io.msgframe.protocol.body.ConsumerConnection;
import io.msgframe.protocol.body.GetConsumerListByGroupResponseBody;
import io.msgframe.protocol.body.GroupList;
import io.msgframe.protocol.body.KVTable;
import io.msgframe.protocol.body.LockBatchResponseBody;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.OffsetWrapper;
import io.msgframe.protocol.body.ProducerConnection;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.SubscriptionGroupWrapper;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicConfigSerializeWrapper;
import io.msgframe.protocol.body.TopicOffset;
import io.msgframe.protocol.body.TopicStatsTable;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingExecutors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A started broker answering the client-registration and admin requests over a real connection. */
class BrokerRequestsTest {
    /** A heartbeat exactly as a 4.9.8 push consumer sends it (reference §2.6.1). */
    static String heartbeat(String clientId, String group) {
        return "{\"clientID\":\"" + clientId + "\",\"consumerDataSet\":[{\"consumeFromWhere\":\"CONSUME_FROM_LAST_OFFSET\","
                + "\"consumeType\":\"CONSUME_PASSIVELY\",\"groupName\":\"" + group + "\",\"messageModel\":\"CLUSTERING\","
                + "\"subscriptionDataSet\":[{\"classFilterMode\":false,\"codeSet\":[2598919,2598920],"
                + "\"expressionType\":\"TAG\",\"subString\":\"TagA || TagB\",\"subVersion\":1700000000000,"
                + "\"tagsSet\":[\"TagA\",\"TagB\"],\"topic\":\"TopicTest\"},{\"classFilterMode\":false,\"codeSet\":[],"
                + "\"expressionType\":\"TAG\",\"subString\":\"*\",\"subVersion\":1700000000001,\"tagsSet\":[],"
                + "\"topic\":\"%RETRY%" + group + "\"}],\"unitMode\":false}],"
                + "\"producerDataSet\":[{\"groupName\":\"CLIENT_INNER_PRODUCER\"},{\"groupName\":\"pg\"}]}";
    }

    @TempDir
    Path dir;
    private BrokerFixture fixture;

    @BeforeEach
    void start() {
        fixture = new BrokerFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static RemotingCommand request(int code) {
        return RemotingCommand.request(code);
    }

    private RemotingCommand sendHeartbeat(RemotingClient client, String clientId, String group) {
        RemotingCommand request = request(RequestCode.HEART_BEAT)
                .body(heartbeat(clientId, group).getBytes(StandardCharsets.UTF_8));
        return client.invokeSync(fixture.addr(), request, BrokerFixture.TIMEOUT_MS);
    }

    @Test
    void reportsTheRealPortWhenListeningOnPortZero() {
        int port = fixture.broker.port();
        assertThat(port).isPositive();
        assertThat(fixture.broker.config().brokerAddr()).isEqualTo("127.0.0.1:" + port);
        assertThat(fixture.broker.storeHost().getPort()).isEqualTo(port);
    }

    @Test
    void heartbeatRegistersTheConsumerAndCreatesItsRetryTopic() {
        RemotingCommand response = sendHeartbeat(fixture.client, "192.168.0.5@123#1", "g1");

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.version()).as("clients need >= 232 for SQL92 pulls").isGreaterThanOrEqualTo(232);
        assertThat(response.ext("IS_SUPPORT_HEART_BEAT_V2")).isEqualTo("true");
        assertThat(response.ext("IS_SUB_CHANGE")).isEqualTo("false");
        TopicConfig retry = fixture.broker.topics().find("%RETRY%g1");
        assertThat(retry.readQueueNums()).isEqualTo(1);
        assertThat(retry.perm()).isEqualTo(6);
        assertThat(fixture.broker.groups().find("g1")).as("auto-created group").isNotNull();
        assertThat(fixture.broker.consumers().subscription("g1", "TopicTest").tagsSet())
                .containsExactly("TagA", "TagB");

        RemotingCommand list = fixture.call(request(RequestCode.GET_CONSUMER_LIST_BY_GROUP).ext("consumerGroup", "g1"));
        assertThat(list.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(RemotingJson.decode(list.body(), GetConsumerListByGroupResponseBody.class).consumerIdList())
                .containsExactly("192.168.0.5@123#1");

        RemotingCommand none = fixture.call(request(RequestCode.GET_CONSUMER_LIST_BY_GROUP).ext("consumerGroup", "nobody"));
        assertThat(none.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(none.remark()).isEqualTo("no consumer for this group, nobody");
    }

    @Test
    void heartbeatV2WithoutSubscriptionsIsAcceptedOnlyWhileTheFingerprintMatches() {
        String full = heartbeat("10.0.0.1@1#1", "g1").replace("\"producerDataSet\"",
                "\"heartbeatFingerprint\":42,\"withoutSub\":false,\"producerDataSet\"");
        assertThat(call(full).ext("IS_SUB_CHANGE")).isEqualTo("false");

        String same = "{\"clientID\":\"10.0.0.1@1#1\",\"heartbeatFingerprint\":42,\"withoutSub\":true,"
                + "\"consumerDataSet\":[{\"consumeFromWhere\":\"CONSUME_FROM_LAST_OFFSET\",\"consumeType\":"
                + "\"CONSUME_PASSIVELY\",\"groupName\":\"g1\",\"messageModel\":\"CLUSTERING\","
                + "\"subscriptionDataSet\":[],\"unitMode\":false}],\"producerDataSet\":[]}";
        assertThat(call(same).ext("IS_SUB_CHANGE")).isEqualTo("false");
        assertThat(fixture.broker.consumers().subscription("g1", "TopicTest")).as("kept").isNotNull();

        assertThat(call(same.replace(":42,", ":43,")).ext("IS_SUB_CHANGE")).isEqualTo("true");
        assertThat(call(same.replace("\"g1\"", "\"unknown\"")).ext("IS_SUB_CHANGE"))
                .as("nothing stored for the group: the client must send everything").isEqualTo("true");
    }

    private RemotingCommand call(String heartbeatJson) {
        RemotingCommand response = fixture.call(request(RequestCode.HEART_BEAT)
                .body(heartbeatJson.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        return response;
    }

    @Test
    void aNewMemberMakesTheBrokerNotifyTheGroup() throws Exception {
        CountDownLatch notified = new CountDownLatch(1);
        RemotingClient first = fixture.newClient();
        ExecutorService executor = RemotingExecutors.bounded("test-notify", 1, 10);
        try {
            first.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (channel, request) -> {
                if ("g1".equals(request.ext("consumerGroup")) && request.isOneway()) {
                    notified.countDown();
                }
                return null;
            }, executor);
            sendHeartbeat(first, "10.0.0.1@1#1", "g1");
            sendHeartbeat(fixture.client, "10.0.0.2@2#2", "g1");

            assertThat(notified.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(fixture.broker.consumers().clientIds("g1")).containsExactlyInAnyOrder("10.0.0.1@1#1",
                    "10.0.0.2@2#2");

            RemotingCommand unregister = fixture.call(request(RequestCode.UNREGISTER_CLIENT)
                    .ext("clientID", "10.0.0.2@2#2").ext("consumerGroup", "g1").ext("producerGroup", "pg"));
            assertThat(unregister.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(fixture.broker.consumers().clientIds("g1")).containsExactly("10.0.0.1@1#1");
        } finally {
            first.shutdown();
            RemotingExecutors.shutdown(executor, Duration.ofSeconds(1));
        }
    }

    @Test
    void connectionListsShowLiveClients() {
        sendHeartbeat(fixture.client, "10.0.0.1@1#1", "g1");

        RemotingCommand consumers = fixture.call(request(RequestCode.GET_CONSUMER_CONNECTION_LIST)
                .ext("consumerGroup", "g1"));
        ConsumerConnection connection = RemotingJson.decode(consumers.body(), ConsumerConnection.class);
        assertThat(connection.connectionSet()).singleElement().satisfies(c -> {
            assertThat(c.clientId()).isEqualTo("10.0.0.1@1#1");
            assertThat(c.clientAddr()).startsWith("127.0.0.1:");
        });
        assertThat(connection.subscriptionTable()).containsKeys("TopicTest", "%RETRY%g1");

        RemotingCommand offline = fixture.call(request(RequestCode.GET_CONSUMER_CONNECTION_LIST)
                .ext("consumerGroup", "nobody"));
        assertThat(offline.code()).isEqualTo(ResponseCode.CONSUMER_NOT_ONLINE);
        assertThat(offline.remark()).isEqualTo("the consumer group[nobody] not online");

        RemotingCommand producers = fixture.call(request(RequestCode.GET_PRODUCER_CONNECTION_LIST)
                .ext("producerGroup", "pg"));
        assertThat(RemotingJson.decode(producers.body(), ProducerConnection.class).connectionSet()).hasSize(1);
        assertThat(fixture.broker.producers().channels("pg")).hasSize(1);
    }

    @Test
    void createdTopicIsListedAndHasStats() {
        RemotingCommand create = fixture.call(request(RequestCode.UPDATE_AND_CREATE_TOPIC).ext("topic", "Orders")
                .ext("defaultTopic", "TBW102").ext("readQueueNums", 4).ext("writeQueueNums", 4).ext("perm", 6)
                .ext("topicFilterType", "SINGLE_TAG").ext("topicSysFlag", 0).ext("order", false));
        assertThat(create.code()).isEqualTo(ResponseCode.SUCCESS);

        RemotingCommand all = fixture.call(request(RequestCode.GET_ALL_TOPIC_CONFIG));
        TopicConfigSerializeWrapper wrapper = RemotingJson.decode(all.body(), TopicConfigSerializeWrapper.class);
        assertThat(wrapper.topicConfigTable().get("Orders").writeQueueNums()).isEqualTo(4);
        assertThat(wrapper.topicConfigTable()).containsKey("TBW102");
        assertThat(wrapper.dataVersion()).isEqualTo(fixture.broker.topics().dataVersion());

        RemotingCommand stats = fixture.call(request(RequestCode.GET_TOPIC_STATS_INFO).ext("topic", "Orders"));
        assertThat(stats.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(new String(stats.body(), StandardCharsets.UTF_8))
                .as("MessageQueue keys are JSON objects, as fastjson writes them")
                .contains("{{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"Orders\"}:");
        TopicStatsTable table = RemotingJson.decode(stats.body(), TopicStatsTable.class);
        assertThat(table.offsetTable()).hasSize(4)
                .containsEntry(new MessageQueue("Orders", "broker-a", 3), new TopicOffset(0, 0, 0));

        RemotingCommand unknown = fixture.call(request(RequestCode.GET_TOPIC_STATS_INFO).ext("topic", "Nope"));
        assertThat(unknown.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);

        RemotingCommand delete = fixture.call(request(RequestCode.DELETE_TOPIC_IN_BROKER).ext("topic", "Orders"));
        assertThat(delete.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(fixture.broker.topics().find("Orders")).isNull();
    }

    @Test
    void badTopicRequestsAreRefusedWithAReason() {
        RemotingCommand badName = fixture.call(request(RequestCode.UPDATE_AND_CREATE_TOPIC).ext("topic", "a b")
                .ext("readQueueNums", 4).ext("writeQueueNums", 4).ext("perm", 6).ext("order", false));
        assertThat(badName.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(badName.remark()).contains("illegal characters");

        RemotingCommand system = fixture.call(request(RequestCode.UPDATE_AND_CREATE_TOPIC).ext("topic", "TBW102")
                .ext("readQueueNums", 4).ext("writeQueueNums", 4).ext("perm", 6).ext("order", false));
        assertThat(system.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);

        RemotingCommand badPerm = fixture.call(request(RequestCode.UPDATE_AND_CREATE_TOPIC).ext("topic", "T")
                .ext("readQueueNums", 4).ext("writeQueueNums", 4).ext("perm", 9).ext("order", false));
        assertThat(badPerm.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);

        RemotingCommand missing = fixture.call(request(RequestCode.UPDATE_AND_CREATE_TOPIC).ext("topic", "T"));
        assertThat(missing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(missing.remark()).contains("readQueueNums");
    }

    @Test
    void consumeStatsAndConsumersOfATopic() {
        sendHeartbeat(fixture.client, "10.0.0.1@1#1", "g1");
        fixture.broker.topics().update(TopicConfig.of("TopicTest", 2, 2, 6));
        fixture.broker.offsets().commit("g1", "TopicTest", 1, 0);
        fixture.broker.offsets().commit("other", "TopicTest", 0, 0);

        RemotingCommand stats = fixture.call(request(RequestCode.GET_CONSUME_STATS).ext("consumerGroup", "g1"));
        ConsumeStats consumeStats = RemotingJson.decode(stats.body(), ConsumeStats.class);
        assertThat(consumeStats.offsetTable()).hasSize(2)
                .containsEntry(new MessageQueue("TopicTest", "broker-a", 0), new OffsetWrapper(0, 0, 0, 0));

        RemotingCommand who = fixture.call(request(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO).ext("topic", "TopicTest"));
        assertThat(RemotingJson.decode(who.body(), GroupList.class).groupList()).containsExactlyInAnyOrder("g1", "other");
    }

    @Test
    void runtimeInfoHasWhatClusterListReads() {
        RemotingCommand response = fixture.call(request(RequestCode.GET_BROKER_RUNTIME_INFO));
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        KVTable table = RemotingJson.decode(response.body(), KVTable.class);
        assertThat(table.table()).containsKeys("brokerVersionDesc", "putTps", "getTransferedTps",
                "getTransferredTps", "sendThreadPoolQueueSize", "pullThreadPoolQueueSize",
                "sendThreadPoolQueueHeadWaitTimeMills", "pullThreadPoolQueueHeadWaitTimeMills",
                "pageCacheLockTimeMills", "earliestMessageTimeStamp", "commitLogDiskRatio", "brokerActive",
                "msgPutTotalYesterdayMorning", "msgPutTotalTodayMorning", "msgPutTotalTodayNow",
                "msgGetTotalYesterdayMorning", "msgGetTotalTodayMorning", "msgGetTotalTodayNow", "bootTimestamp");
        assertThat(table.table().get("putTps").split(" ")).hasSize(3);
        assertThat(table.table().get("brokerVersionDesc")).isEqualTo("V4_9_8");
        assertThat(Double.parseDouble(table.table().get("commitLogDiskRatio"))).isBetween(0.0, 1.0);
    }

    @Test
    void queueLocksGoToOneClientAtATime() {
        String lock1 = "{\"clientId\":\"c1\",\"consumerGroup\":\"g1\",\"mqSet\":[{\"brokerName\":\"broker-a\","
                + "\"queueId\":0,\"topic\":\"T\"},{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"T\"}]}";
        String lock2 = "{\"clientId\":\"c2\",\"consumerGroup\":\"g1\",\"onlyThisBroker\":false,\"mqSet\":[{"
                + "\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"T\"}]}";
        RemotingCommand first = fixture.call(request(RequestCode.LOCK_BATCH_MQ)
                .body(lock1.getBytes(StandardCharsets.UTF_8)));
        assertThat(first.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(RemotingJson.decode(first.body(), LockBatchResponseBody.class).lockOKMQSet()).hasSize(2);

        RemotingCommand second = fixture.call(request(RequestCode.LOCK_BATCH_MQ)
                .body(lock2.getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("{\"lockOKMQSet\":[]}");

        RemotingCommand unlock = fixture.call(request(RequestCode.UNLOCK_BATCH_MQ)
                .body(lock1.getBytes(StandardCharsets.UTF_8)));
        assertThat(unlock.code()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand third = fixture.call(request(RequestCode.LOCK_BATCH_MQ)
                .body(lock2.getBytes(StandardCharsets.UTF_8)));
        assertThat(RemotingJson.decode(third.body(), LockBatchResponseBody.class).lockOKMQSet())
                .containsExactly(new MessageQueue("T", "broker-a", 1));
    }

    @Test
    void unknownRequestCodeIsAnsweredNotSupported() {
        RemotingCommand response = fixture.call(request(9999));
        assertThat(response.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.remark()).isEqualTo(" request type 9999 not supported");
    }

    @Test
    void sql92SubscriptionsAreRefusedAndTagsAccepted() {
        String sql = "{\"clientId\":\"c1\",\"group\":\"g1\",\"subscriptionData\":{\"expressionType\":\"SQL92\","
                + "\"subString\":\"a > 1\",\"topic\":\"T\",\"subVersion\":1,\"tagsSet\":[],\"codeSet\":[]}}";
        RemotingCommand refused = fixture.call(request(RequestCode.CHECK_CLIENT_CONFIG)
                .body(sql.getBytes(StandardCharsets.UTF_8)));
        assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(refused.remark()).isEqualTo("The broker does not support consumer to filter message by SQL92");

        RemotingCommand tag = fixture.call(request(RequestCode.CHECK_CLIENT_CONFIG)
                .body(sql.replace("SQL92", "TAG").getBytes(StandardCharsets.UTF_8)));
        assertThat(tag.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void brokerConfigIsReadAndChangedWithKeyValueLines() {
        RemotingCommand get = fixture.call(request(RequestCode.GET_BROKER_CONFIG));
        assertThat(new String(get.body(), StandardCharsets.UTF_8)).contains("brokerName=broker-a\n",
                "brokerPermission=6\n", "listenPort=" + fixture.broker.port() + "\n");
        assertThat(get.ext("version")).contains("\"counter\"");

        RemotingCommand readOnly = fixture.call(request(RequestCode.UPDATE_BROKER_CONFIG)
                .body("brokerPermission=4\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(readOnly.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(fixture.broker.isWritable()).isFalse();

        RemotingCommand bad = fixture.call(request(RequestCode.UPDATE_BROKER_CONFIG)
                .body("brokerPermission=12\nbrokerName=x".getBytes(StandardCharsets.UTF_8)));
        assertThat(bad.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(bad.remark()).contains("brokerPermission='12'", "'brokerName' cannot be changed while running");

        fixture.broker.setWritable(true);
        assertThat(fixture.broker.config().brokerPermission()).isEqualTo(6);
    }

    @Test
    void subscriptionGroupsAreCreatedListedAndDeleted() {
        String group = "{\"groupName\":\"orders-consumer\",\"retryQueueNums\":2,\"consumeBroadcastEnable\":false}";
        RemotingCommand create = fixture.call(request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body(group.getBytes(StandardCharsets.UTF_8)));
        assertThat(create.code()).isEqualTo(ResponseCode.SUCCESS);

        RemotingCommand all = fixture.call(request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG));
        SubscriptionGroupWrapper wrapper = RemotingJson.decode(all.body(), SubscriptionGroupWrapper.class);
        assertThat(wrapper.subscriptionGroupTable().get("orders-consumer").retryQueueNums()).isEqualTo(2);
        assertThat(wrapper.subscriptionGroupTable().get("orders-consumer").consumeEnable()).isTrue();

        fixture.broker.offsets().commit("orders-consumer", "T", 0, 5);
        RemotingCommand delete = fixture.call(request(RequestCode.DELETE_SUBSCRIPTIONGROUP)
                .ext("groupName", "orders-consumer").ext("removeOffset", true));
        assertThat(delete.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(fixture.broker.groups().find("orders-consumer")).isNull();
        assertThat(fixture.broker.offsets().query("orders-consumer", "T", 0)).isEqualTo(-1);
    }
}
