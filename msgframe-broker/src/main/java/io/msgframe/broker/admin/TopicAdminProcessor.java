package io.msgframe.broker.admin;

import io.msgframe.broker.Broker;
import io.msgframe.protocol.body.GroupList;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.NameValidator;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.body.TopicFilterType;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.body.TopicOffset;
import io.msgframe.protocol.body.TopicStatsTable;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import io.msgframe.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Topic administration (reference §2.14): UPDATE_AND_CREATE_TOPIC, DELETE_TOPIC_IN_BROKER, GET_ALL_TOPIC_CONFIG,
 * GET_TOPIC_STATS_INFO and QUERY_TOPIC_CONSUME_BY_WHO. Creating or deleting a topic re-registers with every name
 * server before answering, so the route is current when the admin tool continues.
 */
public final class TopicAdminProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(TopicAdminProcessor.class);
    /** Most queues a topic may be given (BenchmarkTest has 1024). */
    static final int MAX_QUEUE_NUMS = 16_384;

    private final Broker broker;

    public TopicAdminProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> createOrUpdate(channel, request);
            case RequestCode.DELETE_TOPIC_IN_BROKER -> delete(channel, request);
            case RequestCode.GET_ALL_TOPIC_CONFIG -> RemotingCommand.success(request)
                    .body(RemotingJson.encode(broker.topics().snapshot()));
            case RequestCode.GET_TOPIC_STATS_INFO -> stats(request);
            case RequestCode.QUERY_TOPIC_CONSUME_BY_WHO -> consumedBy(request);
            default -> throw new ProtocolException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        };
    }

    private RemotingCommand createOrUpdate(RemotingChannel channel, RemotingCommand request) {
        String topic = request.requireExt("topic");
        NameValidator.requireValidTopic(topic);
        requireNotReserved(topic);
        int readQueueNums = request.extInt("readQueueNums");
        int writeQueueNums = request.extInt("writeQueueNums");
        int perm = request.extInt("perm");
        requireRange("readQueueNums", readQueueNums, 1, MAX_QUEUE_NUMS);
        requireRange("writeQueueNums", writeQueueNums, 1, MAX_QUEUE_NUMS);
        if (!PermName.isValid(perm)) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, "perm " + perm + " is not in 0..7");
        }
        TopicFilterType filterType = filterType(request.ext("topicFilterType"));
        TopicConfig existing = broker.topics().find(topic);
        Map<String, String> attributes = TopicAttributes.apply(
                existing == null ? Map.of() : existing.attributes(), request.ext("attributes"));
        TopicConfig config = new TopicConfig(topic, readQueueNums, writeQueueNums, perm, filterType,
                request.extInt("topicSysFlag", 0), request.extBoolean("order", false), attributes);
        broker.topics().update(config);
        log.info("Topic {} {} by {}: read {} write {} perm {}", topic, existing == null ? "created" : "updated",
                channel.remoteAddress(), readQueueNums, writeQueueNums, PermName.toDisplayString(perm));
        broker.registrar().registerAll();
        return RemotingCommand.success(request);
    }

    private RemotingCommand delete(RemotingChannel channel, RemotingCommand request) {
        String topic = request.requireExt("topic");
        NameValidator.requireValidTopic(topic);
        requireNotReserved(topic);
        boolean existed = broker.topics().delete(topic);
        broker.offsets().deleteTopic(topic);
        MessageStore store = broker.store();
        store.consumeQueues().deleteTopic(topic);
        store.commitLog().removeTopic(topic);
        log.info("Topic {} deleted by {}{}", topic, channel.remoteAddress(), existed ? "" : " (it did not exist)");
        broker.registrar().registerAll();
        return RemotingCommand.success(request);
    }

    private RemotingCommand stats(RemotingCommand request) {
        String topic = request.requireExt("topic");
        TopicConfig config = broker.topics().find(topic);
        if (config == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                    "topic[" + topic + "] not exist");
        }
        MessageStore store = broker.store();
        Map<MessageQueue, TopicOffset> offsets = new LinkedHashMap<>();
        for (int queueId = 0; queueId < config.writeQueueNums(); queueId++) {
            long min = Math.max(0, store.minOffset(topic, queueId));
            long max = Math.max(0, store.maxOffset(topic, queueId));
            long last = max > 0 ? Math.max(0, store.storeTimeAt(topic, queueId, max - 1)) : 0;
            offsets.put(new MessageQueue(topic, broker.config().brokerName(), queueId),
                    new TopicOffset(min, max, last));
        }
        return RemotingCommand.success(request).body(RemotingJson.encode(new TopicStatsTable(offsets)));
    }

    private RemotingCommand consumedBy(RemotingCommand request) {
        String topic = request.requireExt("topic");
        Set<String> groups = new TreeSet<>(broker.consumers().groupsSubscribing(topic));
        groups.addAll(broker.offsets().groupsOf(topic));
        return RemotingCommand.success(request).body(RemotingJson.encode(new GroupList(groups)));
    }

    /** The cluster name and fixed system topics may not be created or deleted by admin requests. */
    private void requireNotReserved(String topic) {
        if (topic.equals(broker.config().brokerClusterName())) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER,
                    "The topic[" + topic + "] is conflict with system reserved words.");
        }
        if (TopicNames.isSystemTopic(topic)) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER,
                    "The topic[" + topic + "] is conflict with system topic.");
        }
    }

    private static void requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER,
                    field + " " + value + " is not in " + min + ".." + max);
        }
    }

    private static TopicFilterType filterType(String text) {
        if (text == null || text.isEmpty()) {
            return TopicFilterType.SINGLE_TAG;
        }
        try {
            return TopicFilterType.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER,
                    "topicFilterType '" + text + "' is not SINGLE_TAG or MULTI_TAG");
        }
    }
}
