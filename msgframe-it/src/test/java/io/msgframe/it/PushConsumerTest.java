package io.msgframe.it;

import io.msgframe.broker.pull.PullRequestHoldService;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.msgframe.it.MsgFrameCluster.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** DefaultMQPushConsumer 4.9.8, clustering, concurrent listener, against MsgFrame. */
class PushConsumerTest {
    @TempDir
    Path dir;
    MsgFrameCluster cluster;
    DefaultMQProducer producer;

    @BeforeEach
    void start() throws Exception {
        cluster = MsgFrameCluster.start(dir, 1);
        producer = cluster.producer("it_producer");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private DefaultMQPushConsumer startConsumer(String group, String topic, String expression, ConsumeFromWhere from,
                                                Received received) throws Exception {
        DefaultMQPushConsumer consumer = cluster.pushConsumer(group);
        consumer.setConsumeFromWhere(from);
        consumer.subscribe(topic, expression);
        consumer.registerMessageListener(Clients.recordingInto(received));
        consumer.start();
        return consumer;
    }

    /** Sum over the topic's queues of the group's committed offsets (QUERY_CONSUMER_OFFSET; none counts 0). */
    private long committedTotal(String group, String topic) throws Exception {
        long total = 0;
        for (MessageQueue queue : cluster.queues(topic)) {
            total += Math.max(0, cluster.committedOffset(group, queue));
        }
        return total;
    }

    private void awaitCommitted(String group, String topic, long expected) {
        Await.until(AWAIT, () -> "group " + group + " committing offsets summing to " + expected, () -> {
            try {
                return committedTotal(group, topic) == expected;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void newGroupFromFirstOffsetConsumesTheBacklogAndCommitsSoARestartDoesNotRedeliverIt() throws Exception {
        String topic = "ItBacklog";
        String group = "it_backlog_group";
        cluster.createTopic(topic, 4);
        List<SendResult> backlog = Clients.sendSync(producer, topic, 100, "TagA", "TagB", "TagC");

        Received first = new Received();
        DefaultMQPushConsumer consumer = startConsumer(group, topic, "*", ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
                first);
        first.awaitIds(Clients.ids(backlog), AWAIT);
        assertThat(first.all()).allSatisfy(m -> {
            assertThat(m.getTopic()).isEqualTo(topic);
            assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).startsWith(topic + ":" + m.getTags() + ":");
            assertThat(m.getReconsumeTimes()).isZero();
        });
        // shutdown commits the acknowledged offsets (UPDATE_CONSUMER_OFFSET); the periodic commit would too, but
        // the 4.9 client's first one only runs 10 s after start
        consumer.shutdown();
        awaitCommitted(group, topic, 100);

        Received second = new Received();
        DefaultMQPushConsumer restarted = startConsumer(group, topic, "*",
                ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET, second);
        List<SendResult> fresh = Clients.sendSync(producer, topic, 10, "TagA");
        second.awaitIds(Clients.ids(fresh), AWAIT);
        Set<String> redelivered = new HashSet<>(second.ids());
        redelivered.retainAll(Clients.ids(backlog));
        assertThat(redelivered).as("backlog messages delivered again after the restart").isEmpty();
        restarted.shutdown();
        awaitCommitted(group, topic, 110);
    }

    @Test
    void tagSubscriptionDeliversOnlyTheSubscribedTags() throws Exception {
        String topic = "ItTags";
        String group = "it_tags_group";
        cluster.createTopic(topic, 4);
        List<SendResult> sent = Clients.sendSync(producer, topic, 60, "TagA", "TagB", "TagC");
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            if (i % 3 != 2) {
                wanted.add(sent.get(i).getMsgId());
            }
        }

        // a TagB marker last in every queue: once all are consumed, every queue was read past the TagC messages
        wanted.addAll(Clients.ids(sendToEveryQueue(topic, "TagB")));

        Received received = new Received();
        DefaultMQPushConsumer consumer = startConsumer(group, topic, "TagA || TagB",
                ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET, received);
        received.awaitIds(wanted, AWAIT);
        consumer.shutdown();
        awaitCommitted(group, topic, 64);

        assertThat(received.all()).extracting(MessageExt::getTags).containsOnly("TagA", "TagB");
        assertThat(received.ids()).containsExactlyInAnyOrderElementsOf(wanted);
    }

    /** One message to each queue of the topic, in queue order, through a MessageQueueSelector. */
    private List<SendResult> sendToEveryQueue(String topic, String tag) throws Exception {
        List<SendResult> results = new ArrayList<>();
        int queueCount = producer.fetchPublishMessageQueues(topic).size();
        for (int q = 0; q < queueCount; q++) {
            results.add(producer.send(new Message(topic, tag, ("to queue " + q).getBytes(StandardCharsets.UTF_8)),
                    (queues, msg, arg) -> queues.get((Integer) arg), q));
        }
        assertThat(results).extracting(r -> r.getMessageQueue().getQueueId()).doesNotHaveDuplicates()
                .hasSize(queueCount);
        return results;
    }

    /**
     * A brand-new group consuming from the last offset. RocketMQ's own broker has a surprise here: for a group with
     * no committed offset it answers QUERY_CONSUMER_OFFSET with offset 0 when the queue's min offset is 0 and its
     * first message is still in memory (the "hot new queue" rule), so a new CONSUME_FROM_LAST_OFFSET group reads
     * the whole backlog of a young topic. MsgFrame always answers QUERY_NOT_FOUND for a group that never committed,
     * so the client asks GET_MAX_OFFSET and starts after the backlog, exactly as ConsumeFromWhere says.
     */
    @Test
    void newGroupFromLastOffsetSkipsTheBacklog() throws Exception {
        String topic = "ItFromLast";
        String group = "it_from_last_group";
        cluster.createTopic(topic, 4);
        List<SendResult> backlog = Clients.sendSync(producer, topic, 20, "TagA");

        Received received = new Received();
        DefaultMQPushConsumer consumer = startConsumer(group, topic, "*", ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
                received);
        // a queue enters the rebalance table only after its start offset was computed (here: GET_MAX_OFFSET)
        Await.until(AWAIT, "4 queues assigned", () -> Clients.owned(consumer, topic).size() == 4);
        assertThat(cluster.committedOffset(group, backlog.get(0).getMessageQueue())).as("never committed")
                .isEqualTo(-1);
        // fresh messages in every queue: once all are consumed and committed, every queue was read to its end
        List<SendResult> fresh = new ArrayList<>(sendToEveryQueue(topic, "TagA"));
        fresh.addAll(sendToEveryQueue(topic, "TagA"));

        received.awaitIds(Clients.ids(fresh), AWAIT);
        consumer.shutdown();
        awaitCommitted(group, topic, 28);
        assertThat(received.ids()).as("only the messages sent after the start")
                .containsExactlyInAnyOrderElementsOf(Clients.ids(fresh));
    }

    @Test
    void idleConsumerGetsANewMessageWithinASecond() throws Exception {
        String topic = "ItLatency";
        String group = "it_latency_group";
        cluster.createTopic(topic, 4);
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = cluster.pushConsumer(group);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently)
                (messages, context) -> {
                    messages.forEach(m -> arrivals.putIfAbsent(m.getMsgId(), System.nanoTime()));
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
        consumer.start();
        Await.until(AWAIT, "4 queues assigned", () -> Clients.owned(consumer, topic).size() == 4);
        PullRequestHoldService held = cluster.broker(0).pullRequestHoldService();
        // idle: a pull of every queue waits in the broker (long polling)
        Await.until(AWAIT, "4 held pulls", () -> held.heldCount() >= 4);

        List<Long> latenciesMs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long sentAt = System.nanoTime();
            String id = producer.send(new Message(topic, "TagA", ("ping-" + i).getBytes(StandardCharsets.UTF_8)))
                    .getMsgId();
            Await.until(AWAIT, "delivery of ping " + i, () -> arrivals.containsKey(id));
            latenciesMs.add((arrivals.get(id) - sentAt) / 1_000_000);
            Await.until(AWAIT, "4 held pulls again", () -> held.heldCount() >= 4);
        }

        System.out.println("push delivery latencies (ms) with long polling: " + latenciesMs);
        // generous bound: a held pull is answered when the message is dispatched (ms); without long polling the
        // consumer would only see it when its 15 s hold ends
        assertThat(latenciesMs).allSatisfy(ms -> assertThat(ms).isLessThan(1_500));
    }

    /**
     * RECONSUME_LATER: the client first sends CONSUMER_SEND_MSG_BACK, which MsgFrame does not serve yet (it answers
     * REQUEST_CODE_NOT_SUPPORTED); the 4.9 client then falls back to sending the message itself, with its internal
     * producer, to {@code %RETRY%<group>} (reconsume count + 1, a DELAY level MsgFrame does not honour yet, so it
     * is delivered at once). The group subscribes to its retry topic, so the message comes back.
     */
    @Test
    void reconsumeLaterDeliversTheMessageAgainThroughTheRetryTopic() throws Exception {
        String topic = "ItRetry";
        String group = "it_retry_group";
        cluster.createTopic(topic, 4);
        List<MessageExt> deliveries = new CopyOnWriteArrayList<>();
        AtomicInteger refusals = new AtomicInteger();
        DefaultMQPushConsumer consumer = cluster.pushConsumer(group);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently)
                (messages, context) -> {
                    deliveries.addAll(messages);
                    boolean refuse = messages.stream().anyMatch(m -> "retry-me".equals(m.getKeys())
                            && m.getReconsumeTimes() == 0);
                    if (refuse) {
                        refusals.incrementAndGet();
                        return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
        consumer.start();

        SendResult sent = producer.send(new Message(topic, "TagA", "retry-me",
                "please retry".getBytes(StandardCharsets.UTF_8)));

        Await.until(AWAIT, "a second delivery of the refused message", () -> deliveries.stream()
                .filter(m -> m.getMsgId().equals(sent.getMsgId())).count() >= 2);
        MessageExt again = deliveries.stream().filter(m -> m.getMsgId().equals(sent.getMsgId())
                && m.getReconsumeTimes() > 0).findFirst().orElseThrow();
        assertThat(refusals.get()).isEqualTo(1);
        assertThat(again.getReconsumeTimes()).isEqualTo(1);
        assertThat(again.getTopic()).as("the client restores the original topic").isEqualTo(topic);
        assertThat(again.getKeys()).isEqualTo("retry-me");
        assertThat(new String(again.getBody(), StandardCharsets.UTF_8)).isEqualTo("please retry");
        assertThat(again.getProperty("RETRY_TOPIC")).isEqualTo(topic);
    }
}
