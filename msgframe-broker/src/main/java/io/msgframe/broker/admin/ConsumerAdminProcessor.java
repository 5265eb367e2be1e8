package io.msgframe.broker.admin;

import io.msgframe.broker.Broker;
import io.msgframe.broker.client.ClientChannelInfo;
import io.msgframe.broker.client.ConsumerGroupInfo;
import io.msgframe.protocol.body.ConsumeStats;
import io.msgframe.protocol.body.Connection;
import io.msgframe.protocol.body.ConsumerConnection;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.OffsetWrapper;
import io.msgframe.protocol.body.ProducerConnection;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import io.msgframe.store.MessageStore;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What admin tools ask about groups (reference §2.14.4–6): GET_CONSUME_STATS (a group's progress per queue),
 * GET_CONSUMER_CONNECTION_LIST and GET_PRODUCER_CONNECTION_LIST (live clients).
 */
public final class ConsumerAdminProcessor implements RequestProcessor {
    private final Broker broker;

    public ConsumerAdminProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_CONSUME_STATS -> consumeStats(request);
            case RequestCode.GET_CONSUMER_CONNECTION_LIST -> consumerConnections(request);
            case RequestCode.GET_PRODUCER_CONNECTION_LIST -> producerConnections(request);
            default -> throw new ProtocolException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        };
    }

    /**
     * One entry per readable queue of each topic: queue max offset, committed offset (0 if none) and the store
     * time of the last consumed message. A topic the group is online for but does not subscribe to is skipped.
     */
    private RemotingCommand consumeStats(RemotingCommand request) {
        String group = request.requireExt("consumerGroup");
        ConsumerGroupInfo online = broker.consumers().group(group);
        MessageStore store = broker.store();
        String brokerName = broker.config().brokerName();
        Map<MessageQueue, OffsetWrapper> table = new LinkedHashMap<>();
        for (String topic : topicsOf(group, request)) {
            TopicConfig config = broker.topics().find(topic);
            if (config == null) {
                continue;
            }
            if (online != null && !online.subscriptions().isEmpty() && online.subscription(topic) == null) {
                continue;
            }
            for (int queueId = 0; queueId < config.readQueueNums(); queueId++) {
                long brokerOffset = Math.max(0, store.maxOffset(topic, queueId));
                long committed = Math.max(0, broker.offsets().query(group, topic, queueId));
                long last = committed > 0 ? Math.max(0, store.storeTimeAt(topic, queueId, committed - 1)) : 0;
                table.put(new MessageQueue(topic, brokerName, queueId),
                        new OffsetWrapper(brokerOffset, committed, committed, last));
            }
        }
        ConsumeStats stats = new ConsumeStats(broker.stats().groupGetTps(group), table);
        return RemotingCommand.success(request).body(RemotingJson.encode(stats));
    }

    /** {@code topicList} (5.x, ';'-separated) wins over {@code topic}; neither: every topic with offsets. */
    private Set<String> topicsOf(String group, RemotingCommand request) {
        String topicList = request.ext("topicList");
        if (topicList != null && !topicList.isBlank()) {
            Set<String> topics = new LinkedHashSet<>();
            Arrays.stream(topicList.split(";")).map(String::trim).filter(s -> !s.isEmpty()).forEach(topics::add);
            return topics;
        }
        String topic = request.ext("topic");
        if (topic != null && !topic.isBlank()) {
            return Set.of(topic);
        }
        return broker.offsets().topicsOf(group);
    }

    private RemotingCommand consumerConnections(RemotingCommand request) {
        String group = request.requireExt("consumerGroup");
        ConsumerGroupInfo info = broker.consumers().group(group);
        List<ClientChannelInfo> members = info == null ? List.of() : info.members();
        if (members.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.CONSUMER_NOT_ONLINE,
                    "the consumer group[" + group + "] not online");
        }
        ConsumerConnection body = new ConsumerConnection(connections(members), info.subscriptions(),
                info.consumeType(), info.messageModel(), info.consumeFromWhere());
        return RemotingCommand.success(request).body(RemotingJson.encode(body));
    }

    private RemotingCommand producerConnections(RemotingCommand request) {
        String group = request.requireExt("producerGroup");
        List<ClientChannelInfo> members = broker.producers().connections(group);
        if (members.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "the producer group[" + group + "] not exist");
        }
        return RemotingCommand.success(request)
                .body(RemotingJson.encode(new ProducerConnection(connections(members))));
    }

    private static Set<Connection> connections(List<ClientChannelInfo> members) {
        Set<Connection> connections = new LinkedHashSet<>();
        for (ClientChannelInfo member : members) {
            connections.add(new Connection(member.clientId(), member.clientAddr(), member.language(),
                    member.version()));
        }
        return connections;
    }
}
