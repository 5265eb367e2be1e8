package io.msgframe.it.cluster;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.route.BrokerData;
import org.apache.rocketmq.common.protocol.route.QueueData;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * One name server and two brokers of one cluster (broker-a, broker-b) in this JVM, driven by the official
 * RocketMQ 4.9.8 client: routes across both brokers, producer failover when a broker stops, long-polling wake-up,
 * and consumer offsets surviving a broker restart.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoBrokerClusterTest {
    static final String A = "broker-a";
    static final String B = "broker-b";
    static final long TIMEOUT_MS = 5_000;
    static final long STOP_GRACE_MS = 200;

    @TempDir
    Path dir;
    LocalCluster cluster;
    OfficialClients clients;
    RemotingClient wire;

    @BeforeEach
    void startCluster() {
        cluster = new LocalCluster(dir);
        cluster.startBroker(A);
        cluster.startBroker(B);
        clients = new OfficialClients(cluster.namesrvAddr());
        wire = new RemotingClient(RemotingClientConfig.defaults().withIoThreads(1));
        wire.start();
    }

    @AfterEach
    void stopCluster() {
        if (clients != null) {
            clients.close();
        }
        if (wire != null) {
            wire.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    RemotingCommand call(String broker, RemotingCommand request) {
        return wire.invokeSync(cluster.brokerAddr(broker), request, TIMEOUT_MS);
    }

    /** As {@code mqadmin updateTopic -c}: the topic on every broker; each registers before it answers. */
    void createTopicOnBothBrokers(String topic, int queuesPerBroker) {
        for (String broker : List.of(A, B)) {
            RemotingCommand response = call(broker, WireRequests.createTopic(topic, queuesPerBroker));
            assertThat(response.code()).as(WireRequests.describe(response)).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    static Message message(String topic, String body) {
        return new Message(topic, "TagA", body.getBytes(StandardCharsets.UTF_8));
    }

    static String body(org.apache.rocketmq.common.message.MessageExt message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }

    // --- routes --------------------------------------------------------------------------------------

    @Test
    void routeOfTopicCreatedOnBothBrokersListsBoth() throws Exception {
        createTopicOnBothBrokers("RouteTopic", 4);

        MQClientAPIImpl api = clients.clientApi();
        TopicRouteData route = api.getTopicRouteInfoFromNameServer("RouteTopic", TIMEOUT_MS);

        Map<String, BrokerData> brokers = new TreeMap<>();
        route.getBrokerDatas().forEach(b -> brokers.put(b.getBrokerName(), b));
        assertThat(brokers).containsOnlyKeys(A, B);
        assertThat(brokers.get(A).getBrokerAddrs()).containsExactly(Map.entry(0L, cluster.brokerAddr(A)));
        assertThat(brokers.get(B).getBrokerAddrs()).containsExactly(Map.entry(0L, cluster.brokerAddr(B)));
        assertThat(brokers.values()).allMatch(b -> b.getCluster().equals(LocalCluster.CLUSTER));
        assertThat(route.getQueueDatas())
                .extracting(QueueData::getBrokerName, QueueData::getReadQueueNums, QueueData::getWriteQueueNums,
                        QueueData::getPerm)
                .containsExactlyInAnyOrder(tuple(A, 4, 4, 6), tuple(B, 4, 4, 6));

        DefaultMQProducer producer = clients.producer("route-producer", p -> { });
        List<MessageQueue> queues = producer.fetchPublishMessageQueues("RouteTopic");
        assertThat(queues.stream().collect(Collectors.groupingBy(MessageQueue::getBrokerName,
                Collectors.counting()))).containsOnly(Map.entry(A, 4L), Map.entry(B, 4L));
    }

    // --- failover ------------------------------------------------------------------------------------

    /** One sync send as the sender thread saw it. */
    record SendOutcome(long startNanos, boolean ok, String brokerName, String error) {
    }

    @Test
    void syncSendsFailOverToRemainingBrokerWhenOneStops() throws Exception {
        createTopicOnBothBrokers("FailoverTopic", 4);
        DefaultMQProducer producer = clients.producer("failover-producer", p -> {
            p.setRetryTimesWhenSendFailed(2);
            p.setSendLatencyFaultEnable(true);
            p.setPollNameServerInterval(30_000); // the default: the route keeps broker-b, so only retries save sends
        });

        // connect to both first: a slow first send (connect, class loading) would make the latency-fault
        // strategy avoid that broker for 30 s, and the failover would then be tested against one broker only
        for (String broker : List.of(A, B)) {
            producer.send(message("FailoverTopic", "warm-up"), new MessageQueue("FailoverTopic", broker, 0));
        }
        List<SendOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread sender = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = 0; !stop.get() && deadline - System.nanoTime() > 0; i++) {
                long start = System.nanoTime();
                try {
                    SendResult result = producer.send(message("FailoverTopic", "failover-" + i));
                    outcomes.add(new SendOutcome(start, result.getSendStatus() == SendStatus.SEND_OK,
                            result.getMessageQueue().getBrokerName(), null));
                } catch (Exception e) {
                    outcomes.add(new SendOutcome(start, false, null, e.toString()));
                }
            }
        }, "it-failover-sender");
        sender.start();
        long stoppedAt;
        try {
            Await.until(Duration.ofSeconds(15), "sends succeeding on both brokers",
                    () -> okOn(outcomes, A) >= 10 && okOn(outcomes, B) >= 10, () -> summary(outcomes));

            cluster.stopBroker(B);
            // sends started in the next moment may still meet the closing connection: they count as "around"
            stoppedAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MS);

            Await.until(Duration.ofSeconds(20), "30 sends started after broker-b stopped",
                    () -> startedAfter(outcomes, stoppedAt).size() >= 30, () -> summary(outcomes));
        } finally {
            stop.set(true);
            sender.join(10_000);
        }

        System.out.println("TwoBrokerClusterTest failover: " + summary(outcomes));
        List<SendOutcome> all = snapshot(outcomes);
        List<SendOutcome> failures = all.stream().filter(o -> !o.ok()).toList();
        assertThat(failures).as("failures around the stop").hasSizeLessThanOrEqualTo(2);
        List<SendOutcome> after = startedAfter(all, stoppedAt);
        assertThat(after).as("every send started after broker-b stopped succeeds on broker-a")
                .hasSizeGreaterThanOrEqualTo(30)
                .allSatisfy(o -> {
                    assertThat(o.ok()).as(String.valueOf(o.error())).isTrue();
                    assertThat(o.brokerName()).isEqualTo(A);
                });
    }

    static List<SendOutcome> snapshot(List<SendOutcome> outcomes) {
        synchronized (outcomes) {
            return new ArrayList<>(outcomes);
        }
    }

    static long okOn(List<SendOutcome> outcomes, String broker) {
        return snapshot(outcomes).stream().filter(o -> o.ok() && broker.equals(o.brokerName())).count();
    }

    static List<SendOutcome> startedAfter(List<SendOutcome> outcomes, long nanos) {
        return snapshot(outcomes).stream().filter(o -> o.startNanos() - nanos > 0).toList();
    }

    static String summary(List<SendOutcome> outcomes) {
        List<SendOutcome> all = snapshot(outcomes);
        Map<String, Long> byBroker = all.stream().filter(SendOutcome::ok)
                .collect(Collectors.groupingBy(SendOutcome::brokerName, TreeMap::new, Collectors.counting()));
        List<String> errors = all.stream().filter(o -> !o.ok()).map(SendOutcome::error).toList();
        return all.size() + " sends, ok by broker " + byBroker + ", errors " + errors;
    }

    // --- long polling --------------------------------------------------------------------------------

    @Test
    void heldPullIsAnsweredWithinOneSecondOfASend() throws Exception {
        createTopicOnBothBrokers("LongPollTopic", 2);
        DefaultMQProducer producer = clients.producer("long-poll-producer", p -> { });

        CompletableFuture<RemotingCommand> held = wire.invokeAsync(cluster.brokerAddr(A),
                WireRequests.pull("long-poll-group", "LongPollTopic", 1, 0, 15_000), 20_000);
        Await.sleep(500);
        assertThat(held).as("a pull that finds nothing is held, not answered").isNotDone();

        long sendStart = System.nanoTime();
        SendResult sent = producer.send(message("LongPollTopic", "wake-up"), new MessageQueue("LongPollTopic", A, 1));
        RemotingCommand response = held.get(sendStart + TimeUnit.SECONDS.toNanos(1) - System.nanoTime(),
                TimeUnit.NANOSECONDS);
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sendStart);

        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(response.code()).as(WireRequests.describe(response)).isEqualTo(ResponseCode.SUCCESS);
        assertThat(latencyMs).isLessThan(1_000);
        List<MessageRecord> records = WireRequests.records(response.body());
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(WireRequests.bodyText(r)).isEqualTo("wake-up");
            assertThat(r.properties()).containsEntry("UNIQ_KEY", sent.getMsgId());
        });
        assertThat(response.extLong("nextBeginOffset")).isEqualTo(1);
    }

    @Test
    void pushConsumerReceivesASendWithinOneSecondWhileItsPullIsHeld() throws Exception {
        createTopicOnBothBrokers("PushWakeTopic", 2);
        DefaultMQProducer producer = clients.producer("push-wake-producer", p -> { });
        Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        clients.pushConsumer("push-wake-group", "PushWakeTopic",
                m -> receivedAt.putIfAbsent(body(m), System.nanoTime()));
        MessageQueue queue = new MessageQueue("PushWakeTopic", B, 0);

        // the warm-up proves the consumer owns and pulls the queue; its next pull is then held by the broker
        producer.send(message("PushWakeTopic", "warm-up"), queue);
        Await.until(Duration.ofSeconds(15), "the warm-up message consumed", () -> receivedAt.containsKey("warm-up"));
        Await.sleep(500);

        long sendStart = System.nanoTime();
        producer.send(message("PushWakeTopic", "measured"), queue);
        Await.until(Duration.ofSeconds(3), "the measured message consumed", () -> receivedAt.containsKey("measured"));

        long latencyMs = TimeUnit.NANOSECONDS.toMillis(receivedAt.get("measured") - sendStart);
        assertThat(latencyMs).as("send → consumed, ms").isLessThan(1_000);
    }

    // --- offsets across a restart --------------------------------------------------------------------

    @Test
    void consumerOffsetsSurviveBrokerRestart() throws Exception {
        String topic = "OffsetTopic";
        String group = "offset-restart-group";
        createTopicOnBothBrokers(topic, 2);
        DefaultMQProducer producer = clients.producer("offset-producer", p -> { });
        Set<String> backlog = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String text = "backlog-" + i;
            assertThat(producer.send(message(topic, text)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            backlog.add(text);
        }

        Set<String> firstRun = ConcurrentHashMap.newKeySet();
        OfficialClients firstClients = new OfficialClients(cluster.namesrvAddr());
        try {
            firstClients.pushConsumer(group, topic, m -> firstRun.add(body(m)));
            Await.until(Duration.ofSeconds(15), "the backlog consumed", () -> firstRun.containsAll(backlog),
                    () -> firstRun.size() + " of 40");
        } finally {
            firstClients.close(); // persists the offsets (UPDATE_CONSUMER_OFFSET) and unregisters
        }
        Map<Integer, Long> maxA = new HashMap<>();
        for (int queueId = 0; queueId < 2; queueId++) {
            maxA.put(queueId, call(A, WireRequests.getMaxOffset(topic, queueId)).extLong("offset"));
        }
        assertThat(maxA.values()).allMatch(max -> max > 0);
        Await.until(Duration.ofSeconds(10), "broker-a holding the group's final offsets",
                () -> committedOffsets(A, group, topic).equals(maxA), () -> committedOffsets(A, group, topic) + "");
        Await.until(Duration.ofSeconds(10), "broker-b holding the group's final offsets",
                () -> committedOffsets(B, group, topic).values().stream().allMatch(o -> o > 0));

        cluster.restartBroker(A);

        assertThat(committedOffsets(A, group, topic)).as("offsets after the restart").isEqualTo(maxA);
        MQClientAPIImpl api = clients.clientApi();
        Await.until(Duration.ofSeconds(10), "broker-a registered again", () -> routeBrokers(api, topic).size() == 2);

        Set<String> fresh = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String text = "fresh-" + i;
            assertThat(producer.send(message(topic, text)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            fresh.add(text);
        }
        Set<String> secondRun = ConcurrentHashMap.newKeySet();
        clients.pushConsumer(group, topic, m -> secondRun.add(body(m)));
        Await.until(Duration.ofSeconds(15), "the fresh messages consumed", () -> secondRun.containsAll(fresh),
                () -> secondRun.size() + " received");
        Await.sleep(300); // a re-read of the backlog would arrive with or right after the fresh messages

        Set<String> reread = new HashSet<>(secondRun);
        reread.retainAll(backlog);
        assertThat(reread).as("backlog messages consumed again after the restart").isEmpty();
    }

    /** QUERY_CONSUMER_OFFSET for both queues of a broker; -1 for QUERY_NOT_FOUND. */
    Map<Integer, Long> committedOffsets(String broker, String group, String topic) {
        Map<Integer, Long> offsets = new HashMap<>();
        for (int queueId = 0; queueId < 2; queueId++) {
            RemotingCommand response = call(broker, WireRequests.queryConsumerOffset(group, topic, queueId));
            offsets.put(queueId, response.code() == ResponseCode.SUCCESS ? response.extLong("offset") : -1L);
        }
        return offsets;
    }

    static Set<String> routeBrokers(MQClientAPIImpl api, String topic) {
        try {
            return api.getTopicRouteInfoFromNameServer(topic, TIMEOUT_MS).getBrokerDatas().stream()
                    .map(BrokerData::getBrokerName).collect(Collectors.toSet());
        } catch (Exception e) {
            return Set.of();
        }
    }
}
