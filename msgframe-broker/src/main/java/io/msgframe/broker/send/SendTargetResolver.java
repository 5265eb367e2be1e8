package io.msgframe.broker.send;

import io.msgframe.broker.Broker;
import io.msgframe.protocol.body.NameValidator;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.SubscriptionGroupConfig;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.body.TopicSysFlag;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;

import java.net.SocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The checks of a send before anything is stored, in RocketMQ's order (reference §2.5.1 steps 1–4): broker write
 * permission, topic name, topics clients may not write, the retry topic's group, the topic (auto-created from the
 * default topic when allowed), its write permission, the queue id, and the dead-letter redirect of a retry
 * message that used up its attempts. Each refusal is a {@link ProtocolException} with RocketMQ's code and remark.
 *
 * <p>Where the two client lines differ, MsgFrame answers as 5.x does: an invalid topic name or queue id is
 * INVALID_PARAMETER (4.9.x brokers said SYSTEM_ERROR).
 */
final class SendTargetResolver {
    /** Dead-letter topics have one queue; every dead letter goes to queue 0 (reference §6.1). */
    static final int DLQ_QUEUE_NUMS = 1;

    private final Broker broker;

    SendTargetResolver(Broker broker) {
        this.broker = broker;
    }

    SendTarget resolve(SendMessageRequestHeader header, SocketAddress producer) {
        String topic = header.topic();
        checkBrokerWritable();
        NameValidator.topicProblem(topic).ifPresent(problem -> {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, problem);
        });
        if (TopicNames.isNotSendable(topic)) {
            throw new ProtocolException(ResponseCode.NO_PERMISSION,
                    "Sending message to topic[" + topic + "] is forbidden.");
        }
        SubscriptionGroupConfig retryGroup = TopicNames.isRetryTopic(topic) ? retryGroupOf(topic) : null;
        TopicConfig config = topicFor(header, retryGroup, producer);
        if (!PermName.isWriteable(config.perm())) {
            throw new ProtocolException(ResponseCode.NO_PERMISSION,
                    "the topic[" + topic + "] sending message is forbidden");
        }
        int queueId = queueIdFor(header, config, producer);
        if (retryGroup != null && exhaustedRetries(header, retryGroup)) {
            return deadLetter(retryGroup.groupName());
        }
        return new SendTarget(topic, queueId, config, false, queueId);
    }

    private void checkBrokerWritable() {
        if (!PermName.isWriteable(broker.config().brokerPermission())) {
            throw new ProtocolException(ResponseCode.NO_PERMISSION,
                    "the broker[" + broker.config().brokerIP1() + "] sending message is forbidden");
        }
    }

    private SubscriptionGroupConfig retryGroupOf(String retryTopic) {
        String group = TopicNames.groupOf(retryTopic);
        SubscriptionGroupConfig config = broker.groups().findOrCreate(group);
        if (config == null) {
            throw new ProtocolException(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group not exist, " + group);
        }
        return config;
    }

    private TopicConfig topicFor(SendMessageRequestHeader header, SubscriptionGroupConfig retryGroup,
                                 SocketAddress producer) {
        String topic = header.topic();
        TopicConfig config = broker.topics().find(topic);
        if (config != null) {
            return config;
        }
        if (retryGroup != null) {
            config = broker.topics().createRetryTopic(topic, retryGroup.retryQueueNums());
        } else {
            int topicSysFlag = header.unitMode() ? TopicSysFlag.of(true, false) : 0;
            config = broker.topics().createOnSend(topic, header.defaultTopic(), header.defaultTopicQueueNums(),
                    topicSysFlag, producer);
        }
        if (config == null) {
            throw new ProtocolException(ResponseCode.TOPIC_NOT_EXIST,
                    "topic[" + topic + "] not exist, apply first please!");
        }
        return config;
    }

    /** The requested queue, or a random writable one for a negative id; an id past the topic's queues fails. */
    private static int queueIdFor(SendMessageRequestHeader header, TopicConfig config, SocketAddress producer) {
        int queueId = header.queueId();
        int queueCount = Math.max(config.readQueueNums(), config.writeQueueNums());
        if (queueId >= queueCount) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, String.format(
                    "request queueId[%d] is illegal, %s Producer: %s", queueId, config, producer));
        }
        if (queueId < 0) {
            int writable = config.writeQueueNums() > 0 ? config.writeQueueNums() : queueCount;
            if (writable <= 0) {
                throw new ProtocolException(ResponseCode.NO_PERMISSION,
                        "the topic[" + config.topicName() + "] has no queue to write");
            }
            queueId = ThreadLocalRandom.current().nextInt(writable);
        }
        return queueId;
    }

    /**
     * A retry message whose reconsume count reached the limit goes to the dead-letter topic (4.9.x rule,
     * {@code >=}); the limit is the header's {@code maxReconsumeTimes}, else the group's {@code retryMaxTimes}.
     */
    static boolean exhaustedRetries(SendMessageRequestHeader header, SubscriptionGroupConfig group) {
        int max = header.maxReconsumeTimes() != null ? header.maxReconsumeTimes() : group.retryMaxTimes();
        return header.reconsumeTimes() >= max;
    }

    private SendTarget deadLetter(String group) {
        String dlq = TopicNames.dlqTopic(group);
        TopicConfig config = broker.topics().createRetryTopic(dlq, DLQ_QUEUE_NUMS);
        if (config == null) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "topic[" + dlq + "] not exist");
        }
        return new SendTarget(dlq, 0, config, true, 0);
    }
}
