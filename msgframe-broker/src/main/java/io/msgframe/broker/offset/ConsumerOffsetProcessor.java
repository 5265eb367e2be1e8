package io.msgframe.broker.offset;

import io.msgframe.broker.Broker;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import io.msgframe.store.MessageStore;

/**
 * Consumer offsets and queue metadata (reference §2.8): QUERY_CONSUMER_OFFSET, UPDATE_CONSUMER_OFFSET,
 * GET_MAX_OFFSET, GET_MIN_OFFSET, SEARCH_OFFSET_BY_TIMESTAMP and GET_EARLIEST_MSG_STORETIME.
 *
 * <p>QUERY_CONSUMER_OFFSET answers QUERY_NOT_FOUND whenever the group never committed an offset for the queue
 * (unlike RocketMQ, which sometimes answers 0 for a "hot" new queue): 5.x clients only accept that code as "no
 * offset yet", and it makes every client apply its ConsumeFromWhere exactly.
 */
public final class ConsumerOffsetProcessor implements RequestProcessor {
    static final String NOT_FOUND_REMARK = "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first";

    private final Broker broker;

    public ConsumerOffsetProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.QUERY_CONSUMER_OFFSET -> queryConsumerOffset(request);
            case RequestCode.UPDATE_CONSUMER_OFFSET -> updateConsumerOffset(request);
            case RequestCode.GET_MAX_OFFSET -> offsetResponse(request,
                    broker.store().maxOffset(request.requireExt("topic"), request.extInt("queueId")));
            case RequestCode.GET_MIN_OFFSET -> offsetResponse(request,
                    broker.store().minOffset(request.requireExt("topic"), request.extInt("queueId")));
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> searchOffsetByTimestamp(request);
            case RequestCode.GET_EARLIEST_MSG_STORETIME -> earliestMessageStoreTime(request);
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        };
    }

    private RemotingCommand queryConsumerOffset(RemotingCommand request) {
        long offset = broker.offsets().query(request.requireExt("consumerGroup"), request.requireExt("topic"),
                request.extInt("queueId"));
        if (offset < 0) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND, NOT_FOUND_REMARK);
        }
        return offsetResponse(request, offset);
    }

    /**
     * Commits an offset (oneway or not). Like a 5.x broker, refuses an unknown group (auto-created when allowed)
     * or topic, so a typo in an explicit commit does not pass silently.
     */
    private RemotingCommand updateConsumerOffset(RemotingCommand request) {
        String group = request.requireExt("consumerGroup");
        String topic = request.requireExt("topic");
        int queueId = request.extInt("queueId");
        long offset = request.extLong("commitOffset");
        if (broker.groups().findOrCreate(group) == null) {
            throw new ProtocolException(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + group + "] does not exist");
        }
        if (broker.topics().find(topic) == null) {
            throw new ProtocolException(ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist");
        }
        if (queueId < 0 || offset < 0) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER,
                    "queueId " + queueId + " and commitOffset " + offset + " must not be negative");
        }
        broker.offsets().commit(group, topic, queueId, offset);
        return RemotingCommand.success(request);
    }

    /**
     * 5.x semantics with {@code boundaryType}: LOWER (the default, and 4.9.x clients' case) = the first offset
     * stored at or after the time (the max offset when every message is older); UPPER = the last offset stored at
     * or before it (the min offset when every message is newer).
     */
    private RemotingCommand searchOffsetByTimestamp(RemotingCommand request) {
        String topic = request.requireExt("topic");
        int queueId = request.extInt("queueId");
        long timestamp = request.extLong("timestamp");
        String boundary = request.ext("boundaryType");
        MessageStore store = broker.store();
        long offset;
        if (boundary != null && boundary.trim().equalsIgnoreCase("UPPER")) {
            long firstAfter = timestamp == Long.MAX_VALUE ? store.maxOffset(topic, queueId)
                    : store.offsetByTime(topic, queueId, timestamp + 1);
            offset = Math.max(store.minOffset(topic, queueId), firstAfter - 1);
        } else {
            offset = store.offsetByTime(topic, queueId, timestamp);
        }
        return offsetResponse(request, offset);
    }

    /** Store time of the message at the queue's min offset; -1 when the queue holds none. */
    private RemotingCommand earliestMessageStoreTime(RemotingCommand request) {
        String topic = request.requireExt("topic");
        int queueId = request.extInt("queueId");
        MessageStore store = broker.store();
        long min = store.minOffset(topic, queueId);
        long timestamp = min < store.maxOffset(topic, queueId) ? store.storeTimeAt(topic, queueId, min) : -1;
        return RemotingCommand.success(request).ext("timestamp", timestamp);
    }

    private static RemotingCommand offsetResponse(RemotingCommand request, long offset) {
        return RemotingCommand.success(request).ext("offset", offset);
    }
}
