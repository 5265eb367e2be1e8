package io.msgframe.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The general rules of reference §1.10: required members, empty containers, nulls, unknown members, errors. */
class JsonShapeRulesTest {

    @Test
    void emptyOrMissingCollectionsAreWrittenAsEmptyObjectsAndArrays() {
        assertThat(RemotingJson.encodeToString(new TopicRouteData(null, null)))
                .isEqualTo("{\"brokerDatas\":[],\"filterServerTable\":{},\"queueDatas\":[]}");
        assertThat(RemotingJson.encodeToString(new ClusterInfo(null, null)))
                .isEqualTo("{\"brokerAddrTable\":{},\"clusterAddrTable\":{}}");
        assertThat(RemotingJson.encodeToString(new HeartbeatData("c", null, null)))
                .isEqualTo("{\"clientID\":\"c\",\"consumerDataSet\":[],\"heartbeatFingerprint\":0,"
                        + "\"producerDataSet\":[],\"withoutSub\":false}");
        assertThat(RemotingJson.encodeToString(new KVTable(null))).isEqualTo("{\"table\":{}}");
        assertThat(RemotingJson.encodeToString(new ConsumerConnection(null, null, null, null, null)))
                .isEqualTo("{\"connectionSet\":[],\"subscriptionTable\":{}}");
        assertThat(RemotingJson.encodeToString(new TopicList(null))).isEqualTo("{\"topicList\":[]}");
    }

    @Test
    void nullMembersAreOmittedButVersionsAreAlwaysThere() {
        assertThat(RemotingJson.encodeToString(new ProducerData(null))).isEqualTo("{}");
        assertThat(RemotingJson.encodeToString(new TopicList(null, null))).isEqualTo("{\"topicList\":[]}");
        assertThat(RemotingJson.encodeToString(new TopicConfigSerializeWrapper(null, null)))
                .isEqualTo("{\"dataVersion\":{\"counter\":0,\"stateVersion\":0,\"timestamp\":0},\"topicConfigTable\":{}}");
    }

    @Test
    void missingMembersReadAsEmptyCollectionsAndDefaults() {
        TopicRouteData route = RemotingJson.decode("{}", TopicRouteData.class);
        assertThat(route.queueDatas()).isEmpty();
        assertThat(route.brokerDatas()).isEmpty();
        assertThat(route.filterServerTable()).isEmpty();

        HeartbeatData heartbeat = RemotingJson.decode("{\"clientID\":\"c\"}", HeartbeatData.class);
        assertThat(heartbeat.consumerDataSet()).isEmpty();
        assertThat(heartbeat.producerDataSet()).isEmpty();
    }

    @Test
    void unknownMembersAreIgnoredAtEveryLevel() {
        String json = "{\"clientID\":\"c\",\"future\":{\"a\":[1,2,{\"b\":null}]},\"producerDataSet\":"
                + "[{\"groupName\":\"p\",\"newThing\":true}],\"consumerDataSet\":[{\"groupName\":\"g\","
                + "\"consumeType\":\"CONSUME_ACTIVELY\",\"subscriptionDataSet\":[{\"topic\":\"T\",\"subString\":\"*\","
                + "\"filterClassSource\":\"x\",\"unknown\":1}],\"zz\":0}]}";

        HeartbeatData heartbeat = RemotingJson.decode(json, HeartbeatData.class);

        assertThat(heartbeat.producerDataSet()).containsExactly(new ProducerData("p"));
        ConsumerData consumer = heartbeat.consumerDataSet().iterator().next();
        assertThat(consumer.consumeType()).isEqualTo(ConsumeType.CONSUME_ACTIVELY);
        assertThat(consumer.subscriptionDataSet().iterator().next().expressionType()).isEqualTo("TAG");
    }

    @Test
    void topicConfigMissingMembersTakeRocketMqDefaults() {
        TopicConfig config = RemotingJson.decode("{\"topicName\":\"T\"}", TopicConfig.class);

        assertThat(config).isEqualTo(new TopicConfig("T", 16, 16, 6, TopicFilterType.SINGLE_TAG, 0, false, Map.of()));
    }

    @Test
    void subscriptionGroupMissingMembersTakeRocketMqDefaults() {
        SubscriptionGroupConfig config = RemotingJson.decode("{\"groupName\":\"g\",\"retryMaxTimes\":3}",
                SubscriptionGroupConfig.class);

        assertThat(config).isEqualTo(new SubscriptionGroupConfig("g", true, true, true, false, 1, 3, 0, 1, true, 0,
                15, Map.of()));
        assertThat(SubscriptionGroupConfig.defaults("g").retryMaxTimes()).isEqualTo(16);
    }

    @Test
    void subscriptionGroupWrapperRoundTrips() {
        SubscriptionGroupWrapper wrapper = new SubscriptionGroupWrapper(new DataVersion(0, 5, 2),
                Map.of("g", SubscriptionGroupConfig.defaults("g")));

        String json = RemotingJson.encodeToString(wrapper);

        assertThat(json).isEqualTo("{\"dataVersion\":{\"counter\":2,\"stateVersion\":0,\"timestamp\":5},"
                + "\"forbiddenTable\":{},\"subscriptionGroupTable\":{\"g\":{\"attributes\":{},\"brokerId\":0,"
                + "\"consumeBroadcastEnable\":true,\"consumeEnable\":true,\"consumeFromMinEnable\":true,"
                + "\"consumeMessageOrderly\":false,\"consumeTimeoutMinute\":15,\"groupName\":\"g\",\"groupSysFlag\":0,"
                + "\"notifyConsumerIdsChangedEnable\":true,\"retryMaxTimes\":16,\"retryQueueNums\":1,"
                + "\"whichBrokerWhenConsumeSlowly\":1}}}");
        assertThat(RemotingJson.decode(json, SubscriptionGroupWrapper.class)).isEqualTo(wrapper);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"clientID\":}", "[1,2]", "not json", "{\"clientID\":\"c\"} trailing",
        "{\"producerDataSet\":{\"groupName\":5}", "{\"consumerDataSet\":[{\"consumeType\":\"NO_SUCH_TYPE\"}]}",
        "{{\"a\":1:2}"})
    void malformedJsonIsAProtocolErrorNamingTheBody(String json) {
        assertThatThrownBy(() -> RemotingJson.decode(json, HeartbeatData.class))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.responseCode()).isEqualTo(ResponseCode.SYSTEM_ERROR))
                .hasMessageStartingWith("malformed JSON body for HeartbeatData: ");
    }

    @Test
    void missingBodyIsAProtocolError() {
        assertThatThrownBy(() -> RemotingJson.decode(new byte[0], LockBatchRequestBody.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("missing JSON body, expected LockBatchRequestBody");
        assertThatThrownBy(() -> RemotingJson.decode((byte[]) null, HeartbeatData.class))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void nullEncodesAsNoBodyAndTextIsUtf8() {
        assertThat(RemotingJson.encode(null)).isNull();
        byte[] json = RemotingJson.encode(new ProducerData("组-ü"));
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"groupName\":\"组-ü\"}");
        assertThat(RemotingJson.decode(json, ProducerData.class).groupName()).isEqualTo("组-ü");
    }
}
