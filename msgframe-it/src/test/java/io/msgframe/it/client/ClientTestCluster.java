package io.msgframe.it.client;

import io.msgframe.broker.Broker;
import io.msgframe.broker.BrokerConfig;
import io.msgframe.namesrv.NameServer;
import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.TopicConfig;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One name server and one broker ({@code broker-0}) in this JVM on 127.0.0.1, ports chosen at run time, data under a
 * test directory; topics are created directly in the broker's table and registered at once. Also makes official
 * 4.9.8 clients configured for tests. {@link #close()} shuts down what was registered, newest first.
 */
final class ClientTestCluster implements AutoCloseable {
    static final String BROKER_NAME = "broker-0";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final NameServer nameServer;
    private final Broker broker;
    private final Deque<Runnable> shutdowns = new ArrayDeque<>();

    ClientTestCluster(Path dir) {
        nameServer = new NameServer(NamesrvConfig.defaults().with("bindAddress", "127.0.0.1", "listenPort", "0",
                "kvConfigPath", dir.resolve("namesrv").resolve("kvConfig.json").toString()));
        nameServer.start();
        shutdowns.push(nameServer::shutdown);
        Map<String, String> raw = new HashMap<>();
        raw.put("brokerName", BROKER_NAME);
        raw.put("brokerClusterName", "DefaultCluster");
        raw.put("brokerIP1", "127.0.0.1");
        raw.put("bindAddress", "127.0.0.1");
        raw.put("listenPort", "0");
        raw.put("namesrvAddr", namesrvAddr());
        raw.put("storePathRootDir", dir.resolve(BROKER_NAME).toString());
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
        raw.put("pullThreads", "8");
        raw.put("adminThreads", "2");
        raw.put("heartbeatThreads", "2");
        raw.put("queryThreads", "1");
        raw.put("consumerManageThreads", "2");
        broker = new Broker(BrokerConfig.parse(raw));
        broker.start();
        shutdowns.push(broker::shutdown);
    }

    String namesrvAddr() {
        return "127.0.0.1:" + nameServer.port();
    }

    Broker broker() {
        return broker;
    }

    /** Creates {@code topic} with {@code queues} read and write queues and registers it with the name server. */
    void createTopic(String topic, int queues) {
        broker.topics().update(TopicConfig.of(topic, queues, queues, PermName.READ_WRITE));
        broker.registrar().registerAll();
    }

    /** Registers something to close with the cluster (before the broker and the name server). */
    <T extends AutoCloseable> T closing(T resource) {
        shutdowns.push(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("close failed: " + e);
            }
        });
        return resource;
    }

    /** A started official producer. */
    DefaultMQProducer officialProducer(String group) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        configure(producer);
        producer.setSendMsgTimeout(10_000);
        producer.start();
        shutdowns.push(producer::shutdown);
        return producer;
    }

    /** An official push consumer not yet started. */
    DefaultMQPushConsumer officialPushConsumer(String group) {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        configure(consumer);
        consumer.setConsumeThreadMin(2);
        consumer.setConsumeThreadMax(4);
        shutdowns.push(consumer::shutdown);
        return consumer;
    }

    private void configure(ClientConfig client) {
        client.setNamesrvAddr(namesrvAddr());
        client.setInstanceName("it-client-" + INSTANCES.incrementAndGet() + "-" + System.nanoTime());
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

    /** Bounded wait: polls every 20 ms, fails with {@code state} once {@code timeout} passed. */
    static void await(Duration timeout, String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + "; last seen: "
                        + state.get());
            }
            sleep(20);
        }
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) {
        await(timeout, what, condition, () -> "-");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
