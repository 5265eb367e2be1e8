package io.msgframe.it;

import io.msgframe.broker.Broker;
import io.msgframe.broker.BrokerConfig;
import io.msgframe.namesrv.NameServer;
import io.msgframe.namesrv.config.NamesrvConfig;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.common.protocol.header.QueryConsumerOffsetRequestHeader;
import org.apache.rocketmq.common.protocol.route.BrokerData;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process MsgFrame cluster on 127.0.0.1 — one name server and {@code n} brokers ({@code broker-0} …), ports
 * chosen at run time, data under a test directory — plus factories for official RocketMQ 4.9.8 clients configured
 * for tests (unique instance names, no VIP channel, few threads, fast route/offset timers). Every client made here
 * is shut down by {@link #close()}, newest first, then the brokers and the name server.
 *
 * <p>Admin calls go through the official client's {@link MQClientAPIImpl}, the class {@code mqadmin} uses.
 */
final class MsgFrameCluster implements AutoCloseable {
    static final String CLUSTER = "DefaultCluster";
    static final long TIMEOUT_MS = 5_000;
    static final Duration AWAIT = Duration.ofSeconds(30);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final NameServer nameServer;
    private final List<Broker> brokers = new ArrayList<>();
    private final MQClientAPIImpl admin;
    private final Deque<Runnable> shutdowns = new ArrayDeque<>();

    private MsgFrameCluster(Path dir, int brokerCount, String... brokerOverrides) {
        nameServer = new NameServer(NamesrvConfig.defaults().with("bindAddress", "127.0.0.1", "listenPort", "0",
                "kvConfigPath", dir.resolve("namesrv/kvConfig.json").toString()));
        nameServer.start();
        shutdowns.push(nameServer::shutdown);
        for (int i = 0; i < brokerCount; i++) {
            Broker broker = new Broker(brokerConfig(dir.resolve("broker-" + i), "broker-" + i, brokerOverrides));
            broker.start();
            brokers.add(broker);
            shutdowns.push(broker::shutdown);
        }
        admin = new MQClientAPIImpl(new NettyClientConfig(), null, null, new ClientConfig());
        admin.start();
        admin.updateNameServerAddressList(namesrvAddr());
        shutdowns.push(admin::shutdown);
    }

    /** Starts the cluster and waits until every broker is in the route of TBW102 (it registered). */
    static MsgFrameCluster start(Path dir, int brokerCount, String... brokerOverrides) {
        MsgFrameCluster cluster = new MsgFrameCluster(dir, brokerCount, brokerOverrides);
        try {
            cluster.awaitRoute("TBW102", brokerCount);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private BrokerConfig brokerConfig(Path dir, String name, String... overrides) {
        Map<String, String> raw = new HashMap<>();
        raw.put("brokerName", name);
        raw.put("brokerClusterName", CLUSTER);
        raw.put("namesrvAddr", namesrvAddr());
        raw.put("brokerIP1", "127.0.0.1");
        raw.put("bindAddress", "127.0.0.1");
        raw.put("listenPort", "0");
        raw.put("storePathRootDir", dir.toString());
        // short delay levels: retries and delayed messages come back within a second
        raw.put("messageDelayLevel",
                "50ms 100ms 150ms 200ms 250ms 300ms 350ms 400ms 450ms 500ms 550ms 600ms 650ms 700ms 750ms 800ms 850ms 900ms");
        raw.put("autoCreateTopicEnable", "true");
        raw.put("commitLogSegmentBytes", Integer.toString(4 << 20));
        raw.put("consumeQueueSegmentEntries", "4096");
        raw.put("indexHashSlots", "4096");
        raw.put("indexEntries", "16384");
        raw.put("preallocateSegments", "false");
        raw.put("ioThreads", "2");
        raw.put("sendThreads", "2");
        raw.put("pullThreads", "4");
        raw.put("adminThreads", "2");
        raw.put("heartbeatThreads", "2");
        raw.put("queryThreads", "1");
        raw.put("consumerManageThreads", "2");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            raw.put(overrides[i], overrides[i + 1]);
        }
        return BrokerConfig.parse(raw);
    }

    String namesrvAddr() {
        return "127.0.0.1:" + nameServer.port();
    }

    Broker broker(int index) {
        return brokers.get(index);
    }

    String brokerAddr(int index) {
        return "127.0.0.1:" + brokers.get(index).port();
    }

    String brokerAddr(String brokerName) {
        for (Broker broker : brokers) {
            if (broker.config().brokerName().equals(brokerName)) {
                return "127.0.0.1:" + broker.port();
            }
        }
        throw new IllegalArgumentException("no broker " + brokerName);
    }

    // --- admin, through the official client API --------------------------------------------------------

    /**
     * UPDATE_AND_CREATE_TOPIC on every broker, as {@code mqadmin updateTopic -c} sends it, then waits until the
     * name server routes the topic to all of them.
     */
    void createTopic(String topic, int queuesPerBroker) throws Exception {
        TopicConfig config = new TopicConfig(topic, queuesPerBroker, queuesPerBroker, PermName.PERM_READ
                | PermName.PERM_WRITE);
        for (int i = 0; i < brokers.size(); i++) {
            admin.createTopic(brokerAddr(i), "TBW102", config, TIMEOUT_MS);
        }
        awaitRoute(topic, brokers.size());
    }

    /** Waits until the name server's route for {@code topic} names {@code brokerCount} brokers. */
    TopicRouteData awaitRoute(String topic, int brokerCount) {
        TopicRouteData[] found = new TopicRouteData[1];
        Await.until(AWAIT, "route of " + topic + " with " + brokerCount + " broker(s)", () -> {
            try {
                TopicRouteData route = admin.getTopicRouteInfoFromNameServer(topic, TIMEOUT_MS);
                List<BrokerData> brokerDatas = route.getBrokerDatas();
                if (brokerDatas.size() >= brokerCount && route.getQueueDatas().size() >= brokerCount) {
                    found[0] = route;
                    return true;
                }
                return false;
            } catch (MQClientException e) {
                return false; // TOPIC_NOT_EXIST until the broker registered it
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return found[0];
    }

    /** QUERY_CONSUMER_OFFSET as the consumers send it; -1 when the broker has none (QUERY_NOT_FOUND). */
    long committedOffset(String group, MessageQueue queue) throws Exception {
        QueryConsumerOffsetRequestHeader header = new QueryConsumerOffsetRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(queue.getTopic());
        header.setQueueId(queue.getQueueId());
        try {
            return admin.queryConsumerOffset(brokerAddr(queue.getBrokerName()), header, TIMEOUT_MS);
        } catch (MQBrokerException e) {
            if (e.getResponseCode() == ResponseCode.QUERY_NOT_FOUND) {
                return -1;
            }
            throw e;
        }
    }

    /** GET_CONSUMER_LIST_BY_GROUP on one broker: the client ids it holds for the group. */
    List<String> consumerIds(int broker, String group) throws Exception {
        return admin.getConsumerIdListByGroup(brokerAddr(broker), group, TIMEOUT_MS);
    }

    /** GET_MAX_OFFSET of a queue: how many messages it holds (none were deleted in these tests). */
    long maxOffset(MessageQueue queue) throws Exception {
        return admin.getMaxOffset(brokerAddr(queue.getBrokerName()), queue, TIMEOUT_MS);
    }

    /** The readable queues of a topic from its current route. */
    List<MessageQueue> queues(String topic) throws Exception {
        TopicRouteData route = admin.getTopicRouteInfoFromNameServer(topic, TIMEOUT_MS);
        List<MessageQueue> queues = new ArrayList<>();
        route.getQueueDatas().forEach(q -> {
            for (int i = 0; i < q.getReadQueueNums(); i++) {
                queues.add(new MessageQueue(topic, q.getBrokerName(), i));
            }
        });
        return queues;
    }

    // --- official clients ------------------------------------------------------------------------------

    /** A started producer; its send timeout is generous for a loaded CI machine. */
    DefaultMQProducer producer(String group) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        configure(producer);
        producer.setSendMsgTimeout(10_000);
        producer.start();
        shutdowns.push(producer::shutdown);
        return producer;
    }

    /** A push consumer not yet started: the caller subscribes, sets a listener and starts it. */
    DefaultMQPushConsumer pushConsumer(String group) {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        configure(consumer);
        consumer.setConsumeThreadMin(2);
        consumer.setConsumeThreadMax(4);
        shutdowns.push(consumer::shutdown);
        return consumer;
    }

    /** A lite pull consumer not yet started. */
    DefaultLitePullConsumer litePullConsumer(String group) {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
        configure(consumer);
        consumer.setPullThreadNums(4);
        shutdowns.push(consumer::shutdown);
        return consumer;
    }

    /** Settings every test client shares. */
    private void configure(ClientConfig client) {
        client.setNamesrvAddr(namesrvAddr());
        client.setInstanceName("it-" + INSTANCES.incrementAndGet() + "-" + System.nanoTime());
        client.setVipChannelEnabled(false);
        client.setClientCallbackExecutorThreads(2);
        client.setPollNameServerInterval(1_000);
        client.setHeartbeatBrokerInterval(5_000);
        client.setPersistConsumerOffsetInterval(1_000);
    }

    @Override
    public void close() {
        while (!shutdowns.isEmpty()) {
            try {
                shutdowns.pop().run();
            } catch (RuntimeException e) {
                System.err.println("shutdown failed: " + e);
            }
        }
    }
}
