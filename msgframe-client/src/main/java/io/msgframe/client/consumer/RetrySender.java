package io.msgframe.client.consumer;

import io.msgframe.client.BrokerResponseException;
import io.msgframe.client.MsgFrameClientException;
import io.msgframe.client.internal.HeartbeatService;
import io.msgframe.client.route.PublishQueues;
import io.msgframe.client.route.TopicRoutes;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a failed message back for redelivery the way the 4.9 client does when CONSUMER_SEND_MSG_BACK is refused
 * (reference §2.10 fallback; the MsgFrame broker does not serve 36 yet): SEND_MESSAGE_V2 as
 * {@code CLIENT_INNER_PRODUCER} to {@code %RETRY%<group>}, same body, flag and properties plus {@code RETRY_TOPIC}
 * (the original topic), {@code ORIGIN_MESSAGE_ID}, {@code RECONSUME_TIME}, {@code MAX_RECONSUME_TIMES} and
 * {@code DELAY}; header {@code j} = reconsume times, {@code l} = max. The broker stores it in
 * {@code %DLQ%<group>} instead when the reconsume times reached the max (reference §2.5.1 step 4). The UNIQ_KEY is
 * kept, so the redelivered message has the same msgId.
 */
final class RetrySender {
    private final RemotingClient remoting;
    private final TopicRoutes routes;
    private final String group;
    private final int maxReconsumeTimes;
    private final int delayLevel;
    private final long timeoutMs;

    /** @param delayLevel -1: 3 + reconsume times (RocketMQ); 0: none; else that level */
    RetrySender(RemotingClient remoting, TopicRoutes routes, String group, int maxReconsumeTimes, int delayLevel,
                long timeoutMs) {
        this.remoting = remoting;
        this.routes = routes;
        this.group = group;
        this.maxReconsumeTimes = maxReconsumeTimes;
        this.delayLevel = delayLevel;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Sends {@code message} (as pulled) back with {@code reconsumeTimes}; a value at or over the max sends it to the
     * DLQ. Blocks up to the timeout.
     *
     * @throws MsgFrameClientException when it was not stored
     */
    void sendBack(ReceivedMessage message, int reconsumeTimes) {
        String retryTopic = TopicNames.retryTopic(group);
        Map<String, String> properties = new LinkedHashMap<>(message.properties());
        properties.putIfAbsent(PropertyKeys.RETRY_TOPIC, message.topic());
        String origin = message.property(PropertyKeys.ORIGIN_MESSAGE_ID);
        properties.put(PropertyKeys.ORIGIN_MESSAGE_ID, origin != null ? origin : message.msgId());
        properties.put(PropertyKeys.RECONSUME_TIME, Integer.toString(reconsumeTimes));
        properties.put(PropertyKeys.MAX_RECONSUME_TIMES, Integer.toString(maxReconsumeTimes));
        properties.remove(PropertyKeys.DELAY_TIME_LEVEL);
        int level = delayLevel < 0 ? Math.min(18, 2 + reconsumeTimes) : delayLevel;
        if (level > 0) {
            properties.put(PropertyKeys.DELAY_TIME_LEVEL, Integer.toString(level));
        }
        PublishQueues publish = routes.publishQueues(retryTopic);
        List<MessageQueue> queues = publish.queues();
        MessageQueue queue = queues.get(ThreadLocalRandom.current().nextInt(queues.size()));
        String addr = publish.masterAddr(queue.brokerName());
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .ext("a", HeartbeatService.INNER_PRODUCER_GROUP)
                .ext("b", retryTopic)
                .ext("c", TopicNames.DEFAULT_TOPIC)
                .ext("d", TopicRoutes.DEFAULT_TOPIC_QUEUE_NUMS)
                .ext("e", queue.queueId())
                .ext("f", 0)
                .ext("g", message.bornTimestamp())
                .ext("h", message.flag())
                .ext("i", MessageProperties.encode(properties))
                .ext("j", reconsumeTimes)
                .ext("k", false)
                .ext("l", maxReconsumeTimes)
                .ext("m", false)
                .ext("n", queue.brokerName())
                .body(message.body());
        RemotingCommand response;
        try {
            response = remoting.invokeSync(addr, request, timeoutMs);
        } catch (RuntimeException e) {
            throw new MsgFrameClientException("sending " + message.msgId() + " back to " + retryTopic + " on "
                    + queue.brokerName() + " (" + addr + ") failed: " + e.getMessage(), e);
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw new BrokerResponseException(queue.brokerName(), addr, RequestCode.SEND_MESSAGE_V2, response.code(),
                    response.remark());
        }
    }

    /**
     * What a listener sees: the original topic restored from {@code RETRY_TOPIC} for messages of the retry topic,
     * and {@code extraReconsumes} (orderly local retries) added to the reconsume times.
     */
    static ReceivedMessage forListener(ReceivedMessage message, int extraReconsumes) {
        String original = message.property(PropertyKeys.RETRY_TOPIC);
        boolean restore = original != null && TopicNames.isRetryTopic(message.topic());
        if (!restore && extraReconsumes == 0) {
            return message;
        }
        MessageQueue queue = restore
                ? new MessageQueue(original, message.queue().brokerName(), message.queue().queueId())
                : message.queue();
        return new ReceivedMessage(queue, message.queueOffset(), message.commitLogOffset(), message.msgId(),
                message.offsetMsgId(), message.tags(), message.keys(), message.properties(), message.body(),
                message.sysFlag(), message.flag(), message.bornTimestamp(), message.storeTimestamp(),
                message.reconsumeTimes() + extraReconsumes, message.storeSize());
    }
}
