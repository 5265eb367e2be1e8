package io.msgframe.client.route;

import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.QueueData;
import io.msgframe.protocol.body.TopicRouteData;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queues a producer may write for one topic (reference §2.3.1): the write queues of every writable broker name
 * that has a master, sorted by broker name then queue id, each sent to that master. When the route has an
 * {@code orderTopicConf} ({@code "brokerA:4;brokerB:4"}) the queues come from it instead. Immutable apart from the
 * round-robin position, which starts at a random queue so producers do not all begin on the same one.
 */
public final class PublishQueues {
    private final String topic;
    private final List<MessageQueue> queues;
    private final Map<String, String> masters;
    private final boolean fromTemplate;
    private final AtomicInteger next = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

    private PublishQueues(String topic, List<MessageQueue> queues, Map<String, String> masters,
                          boolean fromTemplate) {
        this.topic = topic;
        this.queues = List.copyOf(queues);
        this.masters = Map.copyOf(masters);
        this.fromTemplate = fromTemplate;
    }

    /** The publish queues of {@code topic} from its route ({@code fromTemplate}: the route is TBW102's). */
    public static PublishQueues of(String topic, TopicRouteData route, boolean fromTemplate) {
        Map<String, String> masters = new TreeMap<>();
        for (BrokerData broker : route.brokerDatas()) {
            if (broker.masterAddr() != null) {
                masters.put(broker.brokerName(), broker.masterAddr());
            }
        }
        List<MessageQueue> queues = new ArrayList<>();
        String order = route.orderTopicConf();
        if (order != null && !order.isBlank()) {
            for (String entry : order.split(";")) {
                String[] parts = entry.split(":");
                if (parts.length == 2 && masters.containsKey(parts[0].trim())) {
                    addQueues(queues, topic, parts[0].trim(), Integer.parseInt(parts[1].trim()));
                }
            }
        } else {
            route.queueDatas().stream().sorted(Comparator.comparing(QueueData::brokerName))
                    .filter(q -> PermName.isWriteable(q.perm()) && masters.containsKey(q.brokerName()))
                    .forEach(q -> addQueues(queues, topic, q.brokerName(), q.writeQueueNums()));
        }
        return new PublishQueues(topic, queues, masters, fromTemplate);
    }

    /**
     * The route a producer uses for a topic that has none yet, made from TBW102's: the same brokers with
     * {@code min(defaultTopicQueueNums, readQueueNums)} queues each; the first send auto-creates the topic.
     */
    public static TopicRouteData fromTemplate(TopicRouteData template, int defaultTopicQueueNums) {
        List<QueueData> queueDatas = new ArrayList<>();
        for (QueueData data : template.queueDatas()) {
            int count = Math.min(defaultTopicQueueNums, data.readQueueNums());
            queueDatas.add(new QueueData(data.brokerName(), count, count, data.perm(), data.topicSysFlag()));
        }
        return new TopicRouteData(queueDatas, template.brokerDatas());
    }

    private static void addQueues(List<MessageQueue> queues, String topic, String brokerName, int count) {
        for (int queueId = 0; queueId < count; queueId++) {
            queues.add(new MessageQueue(topic, brokerName, queueId));
        }
    }

    public String topic() {
        return topic;
    }

    /** Every writable queue, sorted by broker name then queue id. */
    public List<MessageQueue> queues() {
        return queues;
    }

    public boolean isEmpty() {
        return queues.isEmpty();
    }

    /** True when these queues were derived from TBW102's route (the topic had no route of its own). */
    public boolean fromTemplate() {
        return fromTemplate;
    }

    /** The master address serving {@code brokerName}, or null. */
    public String masterAddr(String brokerName) {
        return masters.get(brokerName);
    }

    /** The next position of the round robin; callers take it modulo the queue count. */
    public int nextPosition() {
        return next.getAndIncrement() & Integer.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "PublishQueues[" + topic + ", " + queues.size() + " queues on " + masters.keySet()
                + (fromTemplate ? ", from TBW102" : "") + "]";
    }
}
