package io.msgframe.protocol.body;

import java.util.List;
import java.util.Map;

/**
 * Body of a GET_ROUTEINFO_BY_TOPIC response (reference §2.3.1). {@code queueDatas} and {@code brokerDatas} are
 * required (clients sort and iterate them); {@code filterServerTable} is always written, as {@code {}};
 * {@code orderTopicConf} ({@code "brokerA:4;brokerB:4"}) only when set. The 5.x static-topic member
 * {@code topicQueueMappingByBroker} is deliberately not modelled: its presence switches 5.x clients to
 * logical-queue routing.
 */
public record TopicRouteData(String orderTopicConf, List<QueueData> queueDatas, List<BrokerData> brokerDatas,
                             Map<String, List<String>> filterServerTable) {

    public TopicRouteData {
        queueDatas = Copies.list(queueDatas);
        brokerDatas = Copies.list(brokerDatas);
        filterServerTable = Copies.map(filterServerTable);
    }

    public TopicRouteData(List<QueueData> queueDatas, List<BrokerData> brokerDatas) {
        this(null, queueDatas, brokerDatas, Map.of());
    }
}
