package io.msgframe.client.route;

import io.msgframe.client.MsgFrameClientException;
import io.msgframe.client.RouteNotFoundException;
import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.QueueData;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.body.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's route cache: per topic the {@link PublishQueues} producers choose from, and per broker name the
 * latest {@link BrokerData} seen in any route (the broker address table heartbeats and unregistrations use).
 * A topic enters on first use and is fetched again by {@link #refreshAll()} (every 30 s by default). A topic without
 * a route of its own uses TBW102's with {@value #DEFAULT_TOPIC_QUEUE_NUMS} queues per broker, so the first send
 * auto-creates it (reference §6.3); the next refresh replaces it by the topic's own route once it exists.
 * Consumers use {@link #subscribeQueues}: the readable queues of the topic's own route.
 */
public final class TopicRoutes {
    /** Queues per broker of a topic auto-created from TBW102, as the Java client asks ({@code defaultTopicQueueNums}). */
    public static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;
    private static final Logger log = LoggerFactory.getLogger(TopicRoutes.class);

    private final NameServerRoutes nameServers;
    private final Runnable onNewBroker;
    private final ConcurrentHashMap<String, PublishQueues> topics = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, BrokerData> brokers = new ConcurrentHashMap<>();
    /** Topics consumers read: their own route's readable queues (never TBW102's). */
    private final ConcurrentHashMap<String, List<MessageQueue>> subscribed = new ConcurrentHashMap<>();

    /** {@code onNewBroker} runs (on the calling thread) when a route names a broker address not seen before. */
    public TopicRoutes(NameServerRoutes nameServers, Runnable onNewBroker) {
        this.nameServers = nameServers;
        this.onNewBroker = onNewBroker;
    }

    /**
     * The publish queues of {@code topic}, from the cache or fetched now.
     *
     * @throws RouteNotFoundException when neither the topic nor TBW102 has a route, or it has no writable queue
     * @throws io.msgframe.client.NameServerException when no name server answered
     */
    public PublishQueues publishQueues(String topic) {
        PublishQueues queues = topics.get(topic);
        if (queues == null) {
            queues = load(topic);
            PublishQueues raced = topics.putIfAbsent(topic, queues);
            queues = raced != null ? raced : queues;
        }
        if (queues.isEmpty()) {
            throw new RouteNotFoundException(topic, "its route has no writable queue on a broker with a master");
        }
        return queues;
    }

    /**
     * The readable queues of {@code topic} from its own route (reference §7.2 step 5): every read queue of a
     * readable broker name that has a master, sorted; empty when the topic has no route yet. Cached; refreshed by
     * {@link #refreshAll()}, or now with {@code fetch}.
     *
     * @throws io.msgframe.client.NameServerException when no name server answered
     */
    public List<MessageQueue> subscribeQueues(String topic, boolean fetch) {
        List<MessageQueue> queues = fetch ? null : subscribed.get(topic);
        if (queues == null) {
            queues = loadReadable(topic);
            subscribed.put(topic, queues);
        }
        return queues;
    }

    /** The master address of {@code brokerName} as the latest route says, or null. */
    public String masterAddr(String brokerName) {
        BrokerData data = brokers.get(brokerName);
        return data == null ? null : data.masterAddr();
    }

    /** Fetches every cached topic's route again; failures are logged and the old route kept. */
    public void refreshAll() {
        for (String topic : subscribed.keySet()) {
            try {
                subscribed.put(topic, loadReadable(topic));
            } catch (MsgFrameClientException e) {
                log.warn("Route of subscribed topic {} not refreshed, keeping the old one: {}", topic, e.getMessage());
            }
        }
        for (String topic : topics.keySet()) {
            try {
                topics.put(topic, load(topic));
            } catch (MsgFrameClientException e) {
                log.warn("Route of topic {} not refreshed, keeping the old one: {}", topic, e.getMessage());
            }
        }
    }

    /** Drops the cached route of {@code topic}, so the next send fetches it. */
    public void invalidate(String topic) {
        topics.remove(topic);
    }

    /** Broker name → master address of every broker seen in a route, sorted by name. */
    public Map<String, String> masterAddrs() {
        Map<String, String> masters = new TreeMap<>();
        brokers.forEach((name, data) -> {
            if (data.masterAddr() != null) {
                masters.put(name, data.masterAddr());
            }
        });
        return masters;
    }

    /** Every broker address (masters and slaves) seen in a route. */
    public Set<String> allAddrs() {
        Set<String> addrs = new TreeSet<>();
        brokers.values().forEach(data -> addrs.addAll(data.brokerAddrs().values()));
        return addrs;
    }

    /** The topics in the cache. */
    public Set<String> topics() {
        return Set.copyOf(topics.keySet());
    }

    private List<MessageQueue> loadReadable(String topic) {
        Optional<TopicRouteData> route = nameServers.fetch(topic);
        if (route.isEmpty()) {
            return List.of();
        }
        remember(route.get());
        Set<String> withMaster = new TreeSet<>();
        route.get().brokerDatas().stream().filter(b -> b.masterAddr() != null)
                .forEach(b -> withMaster.add(b.brokerName()));
        List<MessageQueue> queues = new ArrayList<>();
        for (QueueData data : route.get().queueDatas()) {
            if (PermName.isReadable(data.perm()) && withMaster.contains(data.brokerName())) {
                for (int queueId = 0; queueId < data.readQueueNums(); queueId++) {
                    queues.add(new MessageQueue(topic, data.brokerName(), queueId));
                }
            }
        }
        Collections.sort(queues);
        return List.copyOf(queues);
    }

    private PublishQueues load(String topic) {
        Optional<TopicRouteData> own = nameServers.fetch(topic);
        if (own.isPresent()) {
            remember(own.get());
            return PublishQueues.of(topic, own.get(), false);
        }
        Optional<TopicRouteData> template = nameServers.fetch(TopicNames.DEFAULT_TOPIC);
        if (template.isEmpty()) {
            throw new RouteNotFoundException(topic, "the name servers " + nameServers.addrs()
                    + " know no such topic, and no broker offers auto-creation (no route for "
                    + TopicNames.DEFAULT_TOPIC + "); create the topic first");
        }
        remember(template.get());
        return PublishQueues.of(topic, PublishQueues.fromTemplate(template.get(), DEFAULT_TOPIC_QUEUE_NUMS), true);
    }

    private void remember(TopicRouteData route) {
        boolean added = false;
        for (BrokerData data : route.brokerDatas()) {
            BrokerData old = brokers.put(data.brokerName(), data);
            added |= old == null || !old.brokerAddrs().equals(data.brokerAddrs());
        }
        if (added) {
            onNewBroker.run();
        }
    }
}
