package io.msgframe.it.cluster;

import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Official RocketMQ 4.9.8 clients configured as a user would, each with its own instance name: clients in one JVM
 * with the same name share one MQClientInstance and with it the first one's name-server list. Every client made
 * here is shut down by {@link #close}, newest first.
 */
final class OfficialClients implements AutoCloseable {
    private static final AtomicLong INSTANCES = new AtomicLong();
    /** Route refresh every second instead of 30 s, so a restarted broker is seen again quickly. */
    private static final int POLL_NAME_SERVER_MS = 1_000;

    private final String namesrvAddr;
    private final List<Runnable> shutdowns = new ArrayList<>();

    OfficialClients(String namesrvAddr) {
        this.namesrvAddr = namesrvAddr;
    }

    /** A started producer; {@code configure} runs before start. */
    DefaultMQProducer producer(String group, Consumer<DefaultMQProducer> configure) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        setUp(producer);
        configure.accept(producer);
        producer.start();
        shutdowns.add(producer::shutdown);
        return producer;
    }

    /** A started push consumer of {@code topic} ("*") from the first offset, handing each message to {@code sink}. */
    DefaultMQPushConsumer pushConsumer(String group, String topic, Consumer<MessageExt> sink)
            throws MQClientException {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        setUp(consumer);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPersistConsumerOffsetInterval(1_000);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(sink);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        shutdowns.add(consumer::shutdown);
        return consumer;
    }

    /** A started lite-pull consumer for explicit assignment, without automatic commits. */
    DefaultLitePullConsumer litePullConsumer(String group) throws MQClientException {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
        setUp(consumer);
        consumer.setAutoCommit(false);
        consumer.setPullBatchSize(32);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.start();
        shutdowns.add(consumer::shutdown);
        return consumer;
    }

    /** The client API the producer and consumers use underneath (route queries as the client decodes them). */
    MQClientAPIImpl clientApi() {
        MQClientAPIImpl api = new MQClientAPIImpl(new NettyClientConfig(), null, null, new ClientConfig());
        api.start();
        api.updateNameServerAddressList(namesrvAddr);
        shutdowns.add(api::shutdown);
        return api;
    }

    private void setUp(ClientConfig client) {
        client.setNamesrvAddr(namesrvAddr);
        client.setInstanceName("it-cluster-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
        client.setPollNameServerInterval(POLL_NAME_SERVER_MS);
    }

    @Override
    public void close() {
        for (int i = shutdowns.size() - 1; i >= 0; i--) {
            try {
                shutdowns.get(i).run();
            } catch (RuntimeException e) {
                System.err.println("shutting down a client failed: " + e);
            }
        }
        shutdowns.clear();
    }
}
