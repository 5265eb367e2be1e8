package io.msgframe.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bodies clients send (heartbeat, locks) and the answers they read. */
class ClientBodiesJsonTest {

    /** Reference §2.6.1, "Example (4.9.8)", as one line. */
    static final String HEARTBEAT_4_9_8 = "{\"clientID\":\"192.168.0.5@12345#8120239234\",\"consumerDataSet\":["
            + "{\"consumeFromWhere\":\"CONSUME_FROM_LAST_OFFSET\",\"consumeType\":\"CONSUME_PASSIVELY\","
            + "\"groupName\":\"g1\",\"messageModel\":\"CLUSTERING\",\"subscriptionDataSet\":["
            + "{\"classFilterMode\":false,\"codeSet\":[2598919,2598920],\"expressionType\":\"TAG\","
            + "\"subString\":\"TagA || TagB\",\"subVersion\":1700000000000,\"tagsSet\":[\"TagA\",\"TagB\"],"
            + "\"topic\":\"TopicTest\"},"
            + "{\"classFilterMode\":false,\"codeSet\":[],\"expressionType\":\"TAG\",\"subString\":\"*\","
            + "\"subVersion\":1700000000001,\"tagsSet\":[],\"topic\":\"%RETRY%g1\"}],\"unitMode\":false}],"
            + "\"producerDataSet\":[{\"groupName\":\"CLIENT_INNER_PRODUCER\"}]}";

    @Test
    void heartbeatOfA498PushConsumerIsRead() {
        HeartbeatData heartbeat = RemotingJson.decode(HEARTBEAT_4_9_8, HeartbeatData.class);

        assertThat(heartbeat.clientID()).isEqualTo("192.168.0.5@12345#8120239234");
        assertThat(heartbeat.producerDataSet()).containsExactly(new ProducerData(GroupNames.CLIENT_INNER_PRODUCER));
        assertThat(heartbeat.heartbeatFingerprint()).isZero();
        assertThat(heartbeat.withoutSub()).isFalse();
        ConsumerData consumer = heartbeat.consumerDataSet().iterator().next();
        assertThat(consumer.groupName()).isEqualTo("g1");
        assertThat(consumer.consumeType()).isEqualTo(ConsumeType.CONSUME_PASSIVELY);
        assertThat(consumer.messageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(consumer.consumeFromWhere()).isEqualTo(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
        assertThat(consumer.unitMode()).isFalse();
        assertThat(consumer.subscriptionDataSet()).containsExactlyInAnyOrder(
                SubscriptionData.ofTags("TopicTest", "TagA || TagB", 1700000000000L),
                SubscriptionData.ofTags(TopicNames.retryTopic("g1"), "*", 1700000000001L));
    }

    @Test
    void heartbeatOfA5xClientWithV2MembersIsRead() {
        String json = "{\"clientID\":\"c@1\",\"consumerDataSet\":[],\"heartbeatFingerprint\":-12345,"
                + "\"producerDataSet\":[{\"groupName\":\"p\"}],\"withoutSub\":true}";

        HeartbeatData heartbeat = RemotingJson.decode(json, HeartbeatData.class);

        assertThat(heartbeat).isEqualTo(new HeartbeatData("c@1", Set.of(new ProducerData("p")), Set.of(), -12345,
                true));
    }

    @Test
    void tagExpressionBecomesTagsAndHashCodes() {
        SubscriptionData data = SubscriptionData.ofTags("T", " TagA ||  || TagB", 7);

        assertThat(data.tagsSet()).containsExactly("TagA", "TagB");
        assertThat(data.codeSet()).containsExactly(2598919, 2598920);
        assertThat(data.subString()).isEqualTo(" TagA ||  || TagB");
        assertThat(data.subscribesAll()).isFalse();
        assertThat(SubscriptionData.ofTags("T", "", 1).subString()).isEqualTo("*");
        assertThat(SubscriptionData.ofTags("T", null, 1).subscribesAll()).isTrue();
    }

    @Test
    void lockRequestOfA498ClientIsRead() {
        String json = "{\"clientId\":\"192.168.0.5@1\",\"consumerGroup\":\"g1\",\"mqSet\":["
                + "{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"},"
                + "{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"T\"}]}";

        LockBatchRequestBody body = RemotingJson.decode(json, LockBatchRequestBody.class);

        assertThat(body.consumerGroup()).isEqualTo("g1");
        assertThat(body.clientId()).isEqualTo("192.168.0.5@1");
        assertThat(body.onlyThisBroker()).isFalse();
        assertThat(body.mqSet()).containsExactlyInAnyOrder(new MessageQueue("T", "broker-a", 0),
                new MessageQueue("T", "broker-a", 1));
    }

    @Test
    void unlockRequestOfA5xClientIsRead() {
        String json = "{\"clientId\":\"c\",\"consumerGroup\":\"g\",\"mqSet\":[{\"brokerName\":\"b\",\"queueId\":2,"
                + "\"topic\":\"T\"}],\"onlyThisBroker\":true}";

        assertThat(RemotingJson.decode(json, UnlockBatchRequestBody.class)).isEqualTo(
                new UnlockBatchRequestBody("g", "c", true, Set.of(new MessageQueue("T", "b", 2))));
    }

    @Test
    void lockResponseListsTheLockedQueuesAndIsNeverMissing() {
        LockBatchResponseBody locked = new LockBatchResponseBody(Set.of(new MessageQueue("T", "b", 2)));

        assertThat(RemotingJson.encodeToString(locked))
                .isEqualTo("{\"lockOKMQSet\":[{\"brokerName\":\"b\",\"queueId\":2,\"topic\":\"T\"}]}");
        assertThat(RemotingJson.encodeToString(new LockBatchResponseBody(null))).isEqualTo("{\"lockOKMQSet\":[]}");
    }

    @Test
    void consumerConnectionMatchesTheReferenceShape() {
        ConsumerConnection connection = new ConsumerConnection(
                Set.of(new Connection("192.168.0.5@12345#1", "192.168.0.5:53122",
                        io.msgframe.protocol.remoting.LanguageCode.JAVA, 409)),
                Map.of("TopicTest", SubscriptionData.ofTags("TopicTest", "*", 5)),
                ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING, ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);

        assertThat(RemotingJson.encodeToString(connection)).isEqualTo("{\"connectionSet\":[{\"clientAddr\":"
                + "\"192.168.0.5:53122\",\"clientId\":\"192.168.0.5@12345#1\",\"language\":\"JAVA\",\"version\":409}],"
                + "\"consumeFromWhere\":\"CONSUME_FROM_LAST_OFFSET\",\"consumeType\":\"CONSUME_PASSIVELY\","
                + "\"messageModel\":\"CLUSTERING\",\"subscriptionTable\":{\"TopicTest\":{\"classFilterMode\":false,"
                + "\"codeSet\":[],\"expressionType\":\"TAG\",\"subString\":\"*\",\"subVersion\":5,\"tagsSet\":[],"
                + "\"topic\":\"TopicTest\"}}}");
    }

    @Test
    void consumerListAndSmallTablesHaveTheirOneMember() {
        assertThat(RemotingJson.encodeToString(new GetConsumerListByGroupResponseBody(List.of("a@1", "b@2"))))
                .isEqualTo("{\"consumerIdList\":[\"a@1\",\"b@2\"]}");
        assertThat(RemotingJson.encodeToString(new TopicList(Set.of("T"))))
                .isEqualTo("{\"topicList\":[\"T\"]}");
        assertThat(RemotingJson.encodeToString(new TopicList(Set.of("T"), "10.0.0.1:10911")))
                .isEqualTo("{\"brokerAddr\":\"10.0.0.1:10911\",\"topicList\":[\"T\"]}");
        assertThat(RemotingJson.encodeToString(new GroupList(Set.of("g1"))))
                .isEqualTo("{\"groupList\":[\"g1\"]}");
        assertThat(RemotingJson.encodeToString(new KVTable(Map.of("putTps", "1.0 2.0 3.0", "brokerActive", "true"))))
                .isEqualTo("{\"table\":{\"brokerActive\":\"true\",\"putTps\":\"1.0 2.0 3.0\"}}");
    }
}
