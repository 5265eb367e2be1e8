package io.msgframe.client;

import io.msgframe.broker.Broker;
import io.msgframe.broker.BrokerConfig;
import io.msgframe.namesrv.NameServer;
import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.TopicRouteData;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.read.GetMessageResult;
import io.msgframe.store.read.MessageFilter;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-process name server and {@code n} brokers ({@code broker-0} …) on 127.0.0.1, ports chosen at run time, plus
 * a raw {@link RemotingClient} for admin requests and a reader of what a broker stored.
 */
public final class TestCluster implements AutoCloseable {
    public static final long TIMEOUT_MS = 5_000;

    private final NameServer nameServer;
    private final List<Broker> brokers = new ArrayList<>();
    private final boolean[] stopped;
    private final RemotingClient admin = new RemotingClient(RemotingClientConfig.defaults().withIoThreads(1));

    public TestCluster(Path dir, int brokerCount, String... overrides) {
        nameServer = new NameServer(NamesrvConfig.defaults().with("bindAddress", "127.0.0.1", "listenPort", "0",
                "kvConfigPath", dir.resolve("namesrv/kvConfig.json").toString()));
        nameServer.start();
        admin.start();
        stopped = new boolean[brokerCount];
        for (int i = 0; i < brokerCount; i++) {
            Broker broker = new Broker(brokerConfig(dir.resolve("broker-" + i), "broker-" + i, overrides));
            broker.start();
            brokers.add(broker);
        }
    }

    private BrokerConfig brokerConfig(Path dir, String name, String... overrides) {
        Map<String, String> raw = new HashMap<>();
        raw.put("brokerName", name);
        raw.put("brokerClusterName", "DefaultCluster");
        raw.put("namesrvAddr", namesrvAddr());
        raw.put("brokerIP1", "127.0.0.1");
        raw.put("bindAddress", "127.0.0.1");
        raw.put("listenPort", "0");
        raw.put("storePathRootDir", dir.toString());
        // short delay levels: retries and delayed messages come back within a second
        raw.put("messageDelayLevel",
                "50ms 100ms 150ms 200ms 250ms 300ms 350ms 400ms 450ms 500ms 550ms 600ms 650ms 700ms 750ms 800ms 850ms 900ms");
        raw.put("autoCreateTopicEnable", "true");
        raw.put("commitLogSegmentBytes", Integer.toString(16 << 20));
        raw.put("consumeQueueSegmentEntries", "4096");
        raw.put("indexHashSlots", "4096");
        raw.put("indexEntries", "16384");
        raw.put("preallocateSegments", "false");
        raw.put("ioThreads", "2");
        raw.put("sendThreads", "2");
        raw.put("pullThreads", "2");
        raw.put("adminThreads", "2");
        raw.put("heartbeatThreads", "1");
        raw.put("queryThreads", "1");
        raw.put("consumerManageThreads", "1");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            raw.put(overrides[i], overrides[i + 1]);
        }
        return BrokerConfig.parse(raw);
    }

    public String namesrvAddr() {
        return "127.0.0.1:" + nameServer.port();
    }

    public Broker broker(int index) {
        return brokers.get(index);
    }

    public String brokerAddr(int index) {
        return "127.0.0.1:" + brokers.get(index).port();
    }

    public void stopBroker(int index) {
        stopped[index] = true;
        brokers.get(index).shutdown();
    }

    /** UPDATE_AND_CREATE_TOPIC on every broker, then waits until the name server routes it to all of them. */
    public void createTopic(String topic, int queues) throws InterruptedException {
        for (int i = 0; i < brokers.size(); i++) {
            RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                    .ext("topic", topic).ext("defaultTopic", "TBW102").ext("readQueueNums", queues)
                    .ext("writeQueueNums", queues).ext("perm", PermName.READ_WRITE)
                    .ext("topicFilterType", "SINGLE_TAG").ext("topicSysFlag", 0).ext("order", false);
            RemotingCommand response = admin.invokeSync(brokerAddr(i), request, TIMEOUT_MS);
            if (response.code() != ResponseCode.SUCCESS) {
                throw new IllegalStateException("create topic failed: " + response);
            }
        }
        awaitRoute(topic, brokers.size());
    }

    /** Waits (bounded) until the name server routes {@code topic} to {@code brokerCount} brokers. */
    public void awaitRoute(String topic, int brokerCount) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            RemotingCommand response = admin.invokeSync(namesrvAddr(),
                    RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).ext("topic", topic), TIMEOUT_MS);
            if (response.code() == ResponseCode.SUCCESS
                    && RemotingJson.decode(response.body(), TopicRouteData.class).queueDatas().size() >= brokerCount) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no route of " + topic + " with " + brokerCount + " brokers in 20 s");
    }

    /** A copy of what one stored record says. */
    public record Stored(String topic, int queueId, long queueOffset, int sysFlag, int flag, byte[] body,
                         Map<String, String> properties) {
    }

    /** Every message of a queue on a broker, in queue order. */
    public List<Stored> stored(int broker, String topic, int queueId) throws InterruptedException {
        brokers.get(broker).store().awaitDispatched(TIMEOUT_MS);
        List<Stored> out = new ArrayList<>();
        long offset = 0;
        for (int round = 0; round < 10_000; round++) { // reads return at most a few dozen messages each
            try (GetMessageResult result = brokers.get(broker).store().getMessages("test", topic, queueId, offset,
                    1_000, MessageFilter.ALL)) {
                if (result.messageCount() == 0) {
                    break;
                }
                MessageRecord record = new MessageRecord();
                for (SegmentSlice slice : result.messages()) {
                    ByteBuffer buffer = slice.buffer();
                    record.wrap(buffer, 0);
                    out.add(new Stored(record.topic(), record.queueId(), record.queueOffset(), record.sysFlag(),
                            record.flag(), record.bodyBytes(), record.properties()));
                }
                offset = result.nextBeginOffset();
            }
        }
        return out;
    }

    /** Every message of the topic on a broker, queue by queue. */
    public List<Stored> storedAll(int broker, String topic, int queues) throws InterruptedException {
        List<Stored> out = new ArrayList<>();
        for (int q = 0; q < queues; q++) {
            out.addAll(stored(broker, topic, q));
        }
        return out;
    }

    @Override
    public void close() {
        admin.shutdown();
        for (int i = brokers.size() - 1; i >= 0; i--) {
            if (!stopped[i]) {
                brokers.get(i).shutdown();
            }
        }
        nameServer.shutdown();
    }
}
