package io.msgframe.broker.client;

import io.msgframe.broker.group.SubscriptionGroupTable;
import io.msgframe.broker.topic.TopicConfigTable;
import io.msgframe.protocol.body.CheckClientRequestBody;
import io.msgframe.protocol.body.ConsumerData;
import io.msgframe.protocol.body.GetConsumerListByGroupResponseBody;
import io.msgframe.protocol.body.HeartbeatData;
import io.msgframe.protocol.body.MessageModel;
import io.msgframe.protocol.body.ProducerData;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.body.SubscriptionGroupConfig;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Client registration (reference §2.6): HEART_BEAT, UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP and
 * CHECK_CLIENT_CONFIG.
 *
 * <p>A heartbeat registers every producer group's connection and, per consumer group, finds or auto-creates the
 * group config (a group that cannot be found or created is skipped, as in RocketMQ), creates
 * {@code %RETRY%<group>} for clustering groups (which also makes the group visible to
 * {@code mqadmin consumerProgress}), and registers the member with its subscriptions. The response announces
 * heartbeat v2 support ({@code IS_SUPPORT_HEART_BEAT_V2}) and asks for a full heartbeat ({@code IS_SUB_CHANGE})
 * when a heartbeat without subscriptions does not match what this broker holds.
 */
public final class ClientManageProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(ClientManageProcessor.class);
    static final String SUPPORT_HEARTBEAT_V2 = "IS_SUPPORT_HEART_BEAT_V2";
    static final String SUB_CHANGE = "IS_SUB_CHANGE";

    private final ProducerRegistry producers;
    private final ConsumerRegistry consumers;
    private final SubscriptionGroupTable groups;
    private final TopicConfigTable topics;

    public ClientManageProcessor(ProducerRegistry producers, ConsumerRegistry consumers,
                                 SubscriptionGroupTable groups, TopicConfigTable topics) {
        this.producers = producers;
        this.consumers = consumers;
        this.groups = groups;
        this.topics = topics;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.HEART_BEAT -> heartbeat(channel, request);
            case RequestCode.UNREGISTER_CLIENT -> unregister(channel, request);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(request);
            case RequestCode.CHECK_CLIENT_CONFIG -> checkClientConfig(request);
            default -> throw new ProtocolException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        };
    }

    private RemotingCommand heartbeat(RemotingChannel channel, RemotingCommand request) {
        HeartbeatData heartbeat = RemotingJson.decode(request.body(), HeartbeatData.class);
        String clientId = heartbeat.clientID();
        if (clientId == null || clientId.isEmpty()) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "the heartbeat has no clientID");
        }
        boolean subChange = false;
        for (ConsumerData consumer : heartbeat.consumerDataSet()) {
            subChange |= registerConsumer(channel, request, heartbeat, consumer);
        }
        for (ProducerData producer : heartbeat.producerDataSet()) {
            if (producer.groupName() != null) {
                producers.register(producer.groupName(), channel, clientId, request.language(), request.version());
            }
        }
        return RemotingCommand.success(request)
                .ext(SUPPORT_HEARTBEAT_V2, "true")
                .ext(SUB_CHANGE, Boolean.toString(subChange));
    }

    /** Registers one consumer group of a heartbeat; true when the client must send its full subscriptions. */
    private boolean registerConsumer(RemotingChannel channel, RemotingCommand request, HeartbeatData heartbeat,
                                     ConsumerData consumer) {
        String group = consumer.groupName();
        if (group == null) {
            return false;
        }
        SubscriptionGroupConfig config = groups.findOrCreate(group);
        if (config == null) {
            log.warn("Heartbeat of {} for unknown consumer group {} ignored: autoCreateSubscriptionGroup is off",
                    heartbeat.clientID(), group);
            return false;
        }
        if (consumer.messageModel() == MessageModel.CLUSTERING) {
            topics.createRetryTopic(TopicNames.retryTopic(group), config.retryQueueNums());
        }
        boolean subChange = false;
        boolean withSubscriptions = !heartbeat.withoutSub();
        if (heartbeat.withoutSub()) {
            ConsumerGroupInfo known = consumers.group(group);
            ClientChannelInfo member = known == null ? null : known.member(channel);
            if (known == null) {
                return true; // nothing stored for the group (e.g. after a restart): ask for everything
            }
            subChange = member == null || member.heartbeatFingerprint() != heartbeat.heartbeatFingerprint();
        }
        consumers.register(group, channel, consumer, heartbeat.clientID(), request.language(), request.version(),
                heartbeat.heartbeatFingerprint(), withSubscriptions);
        return subChange;
    }

    private RemotingCommand unregister(RemotingChannel channel, RemotingCommand request) {
        String clientId = request.requireExt("clientID");
        String producerGroup = request.ext("producerGroup");
        String consumerGroup = request.ext("consumerGroup");
        if (producerGroup != null) {
            producers.unregister(producerGroup, channel);
        }
        if (consumerGroup != null) {
            consumers.unregister(consumerGroup, channel);
        }
        log.debug("Client {} unregistered from producer group {} / consumer group {}", clientId, producerGroup,
                consumerGroup);
        return RemotingCommand.success(request);
    }

    private RemotingCommand consumerList(RemotingCommand request) {
        String group = request.requireExt("consumerGroup");
        List<String> clientIds = consumers.clientIds(group);
        if (clientIds.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "no consumer for this group, " + group);
        }
        return RemotingCommand.success(request)
                .body(RemotingJson.encode(new GetConsumerListByGroupResponseBody(clientIds)));
    }

    /** TAG expressions are always accepted; this broker filters by tag only, so SQL92 is refused as RocketMQ does. */
    private RemotingCommand checkClientConfig(RemotingCommand request) {
        CheckClientRequestBody body = RemotingJson.decode(request.body(), CheckClientRequestBody.class);
        SubscriptionData subscription = body.subscriptionData();
        if (subscription == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "the check body has no subscriptionData");
        }
        if (SubscriptionData.EXPRESSION_TAG.equals(subscription.expressionType())) {
            return RemotingCommand.success(request);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                "The broker does not support consumer to filter message by " + subscription.expressionType());
    }
}
