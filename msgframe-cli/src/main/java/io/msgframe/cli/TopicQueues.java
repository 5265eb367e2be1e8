package io.msgframe.cli;

import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.QueueData;
import io.msgframe.protocol.body.TopicRouteData;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The queues a client derives from a topic route (reference §2.3.1): publish queues are the write queues of
 * every writable broker name with a master, subscribe queues the read queues of every readable one. Requests
 * go to the master; a broker name without one is left out (the client does the same).
 */
final class TopicQueues {

    /** One queue of the topic and the master address that serves it. */
    record BrokerQueue(String brokerName, String brokerAddr, int queueId) {
        @Override
        public String toString() {
            return brokerName + ":" + queueId;
        }
    }

    private TopicQueues() {
    }

    /** Write queues of writable brokers, sorted by broker name then queue id. */
    static List<BrokerQueue> publishQueues(TopicRouteData route) {
        List<BrokerQueue> queues = new ArrayList<>();
        for (QueueData data : sorted(route)) {
            String master = masterOf(route, data.brokerName());
            if (master == null || !PermName.isWriteable(data.perm())) {
                continue;
            }
            for (int queueId = 0; queueId < data.writeQueueNums(); queueId++) {
                queues.add(new BrokerQueue(data.brokerName(), master, queueId));
            }
        }
        return queues;
    }

    /**
     * The route a producer uses for a topic without one, made from TBW102's: the same brokers with
     * {@code min(defaultTopicQueueNums, readQueueNums)} read and write queues each (reference §2.3.1).
     */
    static TopicRouteData fromTemplate(TopicRouteData template, int defaultTopicQueueNums) {
        List<QueueData> queues = new ArrayList<>();
        for (QueueData data : template.queueDatas()) {
            int count = Math.min(defaultTopicQueueNums, data.readQueueNums());
            queues.add(new QueueData(data.brokerName(), count, count, data.perm(), data.topicSysFlag()));
        }
        return new TopicRouteData(queues, template.brokerDatas());
    }

    /** Read queues of readable brokers, sorted by broker name then queue id. */
    static List<BrokerQueue> subscribeQueues(TopicRouteData route) {
        List<BrokerQueue> queues = new ArrayList<>();
        for (QueueData data : sorted(route)) {
            String master = masterOf(route, data.brokerName());
            if (master == null || !PermName.isReadable(data.perm())) {
                continue;
            }
            for (int queueId = 0; queueId < data.readQueueNums(); queueId++) {
                queues.add(new BrokerQueue(data.brokerName(), master, queueId));
            }
        }
        return queues;
    }

    /** Broker name → master address of every broker name in the route that has a master, sorted by name. */
    static Map<String, String> masters(TopicRouteData route) {
        Map<String, String> masters = new TreeMap<>();
        for (BrokerData broker : route.brokerDatas()) {
            if (broker.masterAddr() != null) {
                masters.put(broker.brokerName(), broker.masterAddr());
            }
        }
        return masters;
    }

    /** Broker names of the route without a master: their queues cannot be reached. */
    static List<String> withoutMaster(TopicRouteData route) {
        return route.queueDatas().stream().map(QueueData::brokerName)
                .filter(name -> masterOf(route, name) == null).sorted().distinct().toList();
    }

    private static List<QueueData> sorted(TopicRouteData route) {
        return route.queueDatas().stream().sorted(Comparator.comparing(QueueData::brokerName)).toList();
    }

    private static String masterOf(TopicRouteData route, String brokerName) {
        return route.brokerDatas().stream().filter(b -> b.brokerName().equals(brokerName)).findFirst()
                .map(BrokerData::masterAddr).orElse(null);
    }
}
