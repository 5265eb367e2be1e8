package io.msgframe.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RouteAndClusterJsonTest {

    static TopicRouteData sampleRoute() {
        BrokerData broker = new BrokerData("DefaultCluster", "broker-a",
                Map.of(1L, "192.168.0.11:10911", 0L, "192.168.0.10:10911"));
        QueueData queues = new QueueData("broker-a", 4, 4, PermName.READ_WRITE, 0);
        return new TopicRouteData(List.of(queues), List.of(broker));
    }

    static ClusterInfo sampleClusterInfo() {
        BrokerData a = new BrokerData("DefaultCluster", "broker-a", Map.of(0L, "10.0.0.1:10911"));
        BrokerData b = new BrokerData("DefaultCluster", "broker-b", Map.of(0L, "10.0.0.2:10911", 1L, "10.0.0.3:10911"));
        return new ClusterInfo(Map.of("broker-b", b, "broker-a", a),
                Map.of("DefaultCluster", new LinkedHashSet<>(List.of("broker-a", "broker-b"))));
    }

    @Test
    void routeMatchesTheReferenceExampleExactly() {
        // reference §2.3.1, "Example (standard form)", whitespace removed
        String expected = "{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":\"192.168.0.10:10911\",\"1\":\"192.168.0.11:10911\"},"
                + "\"brokerName\":\"broker-a\",\"cluster\":\"DefaultCluster\",\"enableActingMaster\":false}],"
                + "\"filterServerTable\":{},"
                + "\"queueDatas\":[{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":4,\"topicSysFlag\":0,"
                + "\"writeQueueNums\":4}]}";

        assertThat(RemotingJson.encodeToString(sampleRoute())).isEqualTo(expected);
    }

    @Test
    void routeRoundTripsAndKeepsOrderTopicConfWhenSet() {
        TopicRouteData route = new TopicRouteData("broker-a:4", sampleRoute().queueDatas(),
                sampleRoute().brokerDatas(), Map.of("10.0.0.1:10911", List.of("f1")));

        String json = RemotingJson.encodeToString(route);

        assertThat(json).contains("\"orderTopicConf\":\"broker-a:4\"")
                .contains("\"filterServerTable\":{\"10.0.0.1:10911\":[\"f1\"]}");
        assertThat(RemotingJson.decode(json, TopicRouteData.class)).isEqualTo(route);
    }

    @Test
    void routeFromAnOldNameServerWithBareLongKeysAndMisspeltSysFlagIsRead() {
        String fastjsonPlain = "{\"brokerDatas\":[{\"brokerAddrs\":{0:\"10.0.0.1:10911\",1:\"10.0.0.2:10911\"},"
                + "\"brokerName\":\"broker-a\",\"cluster\":\"c\"}],\"filterServerTable\":{},"
                + "\"queueDatas\":[{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":8,\"topicSynFlag\":1,"
                + "\"writeQueueNums\":8}]}";

        TopicRouteData route = RemotingJson.decode(fastjsonPlain, TopicRouteData.class);

        assertThat(route.brokerDatas().get(0).brokerAddrs())
                .containsExactlyInAnyOrderEntriesOf(Map.of(0L, "10.0.0.1:10911", 1L, "10.0.0.2:10911"));
        assertThat(route.brokerDatas().get(0).masterAddr()).isEqualTo("10.0.0.1:10911");
        assertThat(route.queueDatas().get(0)).isEqualTo(new QueueData("broker-a", 8, 8, 6, 1));
    }

    @Test
    void clusterInfoIsWrittenWithQuotedBrokerIdsAndSortedTables() {
        String expected = "{\"brokerAddrTable\":{"
                + "\"broker-a\":{\"brokerAddrs\":{\"0\":\"10.0.0.1:10911\"},\"brokerName\":\"broker-a\","
                + "\"cluster\":\"DefaultCluster\",\"enableActingMaster\":false},"
                + "\"broker-b\":{\"brokerAddrs\":{\"0\":\"10.0.0.2:10911\",\"1\":\"10.0.0.3:10911\"},"
                + "\"brokerName\":\"broker-b\",\"cluster\":\"DefaultCluster\",\"enableActingMaster\":false}},"
                + "\"clusterAddrTable\":{\"DefaultCluster\":[\"broker-a\",\"broker-b\"]}}";

        assertThat(RemotingJson.encodeToString(sampleClusterInfo())).isEqualTo(expected);
    }

    @Test
    void clusterInfoAsRocketMqWritesItWithBareKeysIsRead() {
        // reference §2.3.2: GET_BROKER_CLUSTER_INFO from RocketMQ uses unquoted Long keys
        String json = "{\"brokerAddrTable\":{\"broker-a\":{\"brokerAddrs\":{0:\"10.0.0.1:10911\"},"
                + "\"brokerName\":\"broker-a\",\"cluster\":\"DefaultCluster\"}},"
                + "\"clusterAddrTable\":{\"DefaultCluster\":[\"broker-a\"]}}";

        ClusterInfo info = RemotingJson.decode(json, ClusterInfo.class);

        assertThat(info.brokerAddrTable().get("broker-a").brokerAddrs()).containsEntry(0L, "10.0.0.1:10911");
        assertThat(info.clusterAddrTable()).containsEntry("DefaultCluster", Set.of("broker-a"));
    }

    @Test
    void zoneNameIsWrittenOnlyWhenSet() {
        BrokerData zoned = new BrokerData("c", "b", new TreeMap<>(Map.of(0L, "a:1")), true, "zone-1");

        assertThat(RemotingJson.encodeToString(zoned)).isEqualTo("{\"brokerAddrs\":{\"0\":\"a:1\"},"
                + "\"brokerName\":\"b\",\"cluster\":\"c\",\"enableActingMaster\":true,\"zoneName\":\"zone-1\"}");
    }
}
