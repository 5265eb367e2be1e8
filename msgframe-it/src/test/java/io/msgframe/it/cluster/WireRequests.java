package io.msgframe.it.cluster;

import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Requests built with our own remoting types, field for field as the RocketMQ 4.9.8 client and mqadmin send them
 * (reference §2.5.1, §2.7.1, §2.8, §2.14.1), and a decoder of pull bodies. For the places where a test needs
 * control the official client does not give: an exact queue, a held pull, a raw offset commit.
 */
final class WireRequests {
    /** PullSysFlag bits (reference §2.7.1). */
    static final int SUSPEND = 0x2;
    static final int SUBSCRIPTION = 0x4;

    private WireRequests() {
    }

    /** UPDATE_AND_CREATE_TOPIC as {@code mqadmin updateTopic -b} sends it: read = write queues, perm RW. */
    static RemotingCommand createTopic(String topic, int queues) {
        return RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .ext("topic", topic).ext("defaultTopic", "TBW102").ext("readQueueNums", queues)
                .ext("writeQueueNums", queues).ext("perm", 6).ext("topicFilterType", "SINGLE_TAG")
                .ext("topicSysFlag", 0).ext("order", false);
    }

    /** SEND_MESSAGE_V2 as DefaultMQProducer sends it, with a fresh UNIQ_KEY. */
    static RemotingCommand sendV2(String topic, int queueId, String body) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("WAIT", "true");
        properties.put("UNIQ_KEY", UUID.randomUUID().toString().replace("-", "").toUpperCase());
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .ext("a", "it-producer").ext("b", topic).ext("c", "TBW102").ext("d", "4").ext("e", queueId)
                .ext("f", "0").ext("g", System.currentTimeMillis()).ext("h", "0")
                .ext("i", MessageProperties.encode(properties)).ext("j", "0").ext("k", "false").ext("m", "false")
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A lite-pull style PULL_MESSAGE: expression "*" in the request; SUSPEND when {@code holdMillis} > 0. */
    static RemotingCommand pull(String group, String topic, int queueId, long offset, long holdMillis) {
        int sysFlag = SUBSCRIPTION | (holdMillis > 0 ? SUSPEND : 0);
        return RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .ext("consumerGroup", group).ext("topic", topic).ext("queueId", queueId).ext("queueOffset", offset)
                .ext("maxMsgNums", 32).ext("sysFlag", sysFlag).ext("commitOffset", 0)
                .ext("suspendTimeoutMillis", holdMillis).ext("subscription", "*").ext("subVersion", 0)
                .ext("expressionType", "TAG");
    }

    static RemotingCommand queryConsumerOffset(String group, String topic, int queueId) {
        return RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .ext("consumerGroup", group).ext("topic", topic).ext("queueId", queueId);
    }

    static RemotingCommand getMaxOffset(String topic, int queueId) {
        return RemotingCommand.request(RequestCode.GET_MAX_OFFSET).ext("topic", topic).ext("queueId", queueId);
    }

    /** The records of a pull body, in order; copies, so the body may go. */
    static List<MessageRecord> records(byte[] body) {
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

    static String bodyText(MessageRecord record) {
        return new String(record.bodyBytes(), StandardCharsets.UTF_8);
    }

    /** "code 17 (remark)" for assertion messages. */
    static String describe(RemotingCommand response) {
        return "code " + response.code() + " (" + response.remark() + ")";
    }

    static boolean isSuccess(RemotingCommand response) {
        return response.code() == ResponseCode.SUCCESS;
    }
}
