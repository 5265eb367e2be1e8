package io.msgframe.broker.send;

import io.msgframe.broker.Broker;
import io.msgframe.broker.BrokerConfig;
import io.msgframe.broker.pull.PullSysFlag;
import io.msgframe.protocol.message.BatchBody;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.OffsetMessageId;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A real broker on 127.0.0.1 (port chosen at run time, no name server, data in a test directory, small files)
 * and a remoting client talking to it, plus builders of the requests the RocketMQ clients send and a decoder of
 * pull / query bodies. Shared by the data-path tests of the send, pull, offset and query packages.
 */
public final class InProcessBroker implements AutoCloseable {
    public static final long TIMEOUT_MS = 5_000;
    /** Small enough for the oversized-body test to stay cheap. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    public final Broker broker;
    public final RemotingClient client;
    public final String addr;

    private InProcessBroker(Broker broker, RemotingClient client) {
        this.broker = broker;
        this.client = client;
        this.addr = "127.0.0.1:" + broker.port();
    }

    /** Starts a broker with data under {@code dir}; {@code overrides} are extra config key/value pairs. */
    public static InProcessBroker start(Path dir, String... overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("brokerName", "broker-test");
        config.put("brokerClusterName", "TestCluster");
        config.put("brokerIP1", "127.0.0.1");
        config.put("bindAddress", "127.0.0.1");
        config.put("listenPort", "0");
        config.put("namesrvAddr", "");
        config.put("storePathRootDir", dir.toString());
        config.put("commitLogSegmentBytes", Integer.toString(4 * 1024 * 1024));
        config.put("consumeQueueSegmentEntries", "1024");
        config.put("indexHashSlots", "1024");
        config.put("indexEntries", "4096");
        config.put("maxMessageBytes", Integer.toString(MAX_MESSAGE_BYTES));
        config.put("preallocateSegments", "false");
        config.put("cleanupIntervalMs", "3600000");
        config.put("ioThreads", "2");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            config.put(overrides[i], overrides[i + 1]);
        }
        Broker broker = new Broker(BrokerConfig.parse(config));
        broker.start();
        RemotingClient client = new RemotingClient(RemotingClientConfig.defaults());
        client.start();
        return new InProcessBroker(broker, client);
    }

    public RemotingCommand invoke(RemotingCommand request) {
        return client.invokeSync(addr, request, TIMEOUT_MS);
    }

    public CompletableFuture<RemotingCommand> invokeAsync(RemotingCommand request, long timeoutMs) {
        return client.invokeAsync(addr, request, timeoutMs);
    }

    /** Waits until consume queues and the index hold everything stored. */
    public void awaitDispatched() throws InterruptedException {
        broker.store().awaitDispatched(TIMEOUT_MS);
    }

    @Override
    public void close() {
        client.shutdown();
        broker.shutdown();
    }

    // --- requests --------------------------------------------------------------------------------

    /** Properties as a 4.9/5.x producer writes them: TAGS, KEYS (optional), WAIT, a fresh UNIQ_KEY. */
    public static String properties(String tag, String keys) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tag != null) {
            map.put("TAGS", tag);
        }
        if (keys != null) {
            map.put("KEYS", keys);
        }
        map.put("WAIT", "true");
        map.put("UNIQ_KEY", uniqueKey());
        return MessageProperties.encode(map);
    }

    public static String uniqueKey() {
        return UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }

    /** SEND_MESSAGE_V2 as DefaultMQProducer sends it. */
    public static RemotingCommand sendV2(String topic, int queueId, String body, String properties) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .ext("a", "test-producer").ext("b", topic).ext("c", "TBW102").ext("d", "4").ext("e", queueId)
                .ext("f", "0").ext("g", System.currentTimeMillis()).ext("h", "0").ext("i", properties)
                .ext("j", "0").ext("k", "false").ext("m", "false").ext("n", "broker-test")
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** SEND_MESSAGE with V1 keys. */
    public static RemotingCommand sendV1(String topic, int queueId, String body, String properties) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .ext("producerGroup", "test-producer").ext("topic", topic).ext("defaultTopic", "TBW102")
                .ext("defaultTopicQueueNums", "4").ext("queueId", queueId).ext("sysFlag", "0")
                .ext("bornTimestamp", System.currentTimeMillis()).ext("flag", "0").ext("properties", properties)
                .ext("reconsumeTimes", "0").ext("unitMode", "false").ext("batch", "false")
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** SEND_BATCH_MESSAGE: each body its own entry with its own properties (and UNIQ_KEY). */
    public static RemotingCommand batch(String topic, int queueId, List<String> bodies, List<String> properties) {
        ByteBuffer packed = ByteBuffer.allocate(64 * 1024);
        for (int i = 0; i < bodies.size(); i++) {
            BatchBody.writeEntry(packed, 0, ByteBuffer.wrap(bodies.get(i).getBytes(StandardCharsets.UTF_8)),
                    properties.get(i));
        }
        packed.flip();
        byte[] body = new byte[packed.remaining()];
        packed.get(body);
        return sendV2(topic, queueId, "", "WAIT\u0001true\u0002").code(RequestCode.SEND_BATCH_MESSAGE)
                .ext("m", "true").body(body);
    }

    /** A lite-pull style PULL_MESSAGE: SUSPEND|SUBSCRIPTION (+LITE), the expression in the request. */
    public static RemotingCommand pull(String group, String topic, int queueId, long offset, String expression,
                                       long suspendMillis) {
        int sysFlag = PullSysFlag.SUBSCRIPTION | PullSysFlag.LITE_PULL | (suspendMillis > 0 ? PullSysFlag.SUSPEND : 0);
        return RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .ext("consumerGroup", group).ext("topic", topic).ext("queueId", queueId).ext("queueOffset", offset)
                .ext("maxMsgNums", 32).ext("sysFlag", sysFlag).ext("commitOffset", 0)
                .ext("suspendTimeoutMillis", suspendMillis).ext("subscription", expression).ext("subVersion", 0)
                .ext("expressionType", "TAG");
    }

    // --- responses -------------------------------------------------------------------------------

    /** The records of a pull, query or view body, in order; copies, so the buffer may go. */
    public static List<MessageRecord> records(byte[] body) {
        List<MessageRecord> records = new ArrayList<>();
        if (body == null) {
            return records;
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        int position = 0;
        while (position < body.length) {
            MessageRecord record = new MessageRecord().wrap(buffer, position);
            records.add(record);
            position += record.totalSize();
        }
        return records;
    }

    public static String bodyText(MessageRecord record) {
        return new String(record.bodyBytes(), StandardCharsets.UTF_8);
    }

    /** The commit-log offsets in a send response's {@code msgId} (one, or a batch's joined by ','). */
    public static List<Long> commitLogOffsets(RemotingCommand sendResponse) {
        List<Long> offsets = new ArrayList<>();
        for (String id : sendResponse.ext("msgId").split(",")) {
            offsets.add(OffsetMessageId.parse(id).commitLogOffset());
        }
        return offsets;
    }
}
