package io.msgframe.cli;

import io.msgframe.cli.TopicQueues.BrokerQueue;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;

import java.util.OptionalLong;

/**
 * A consumer group's offsets and a queue's offset bounds, asked of the queue's master (reference §2.8):
 * QUERY_CONSUMER_OFFSET, UPDATE_CONSUMER_OFFSET, GET_MIN_OFFSET, GET_MAX_OFFSET and SEARCH_OFFSET_BY_TIMESTAMP.
 */
final class QueueOffsets {
    private final AdminClient client;
    private final String group;
    private final String topic;

    QueueOffsets(AdminClient client, String group, String topic) {
        this.client = client;
        this.group = group;
        this.topic = topic;
    }

    /** The group's committed offset, or empty when it never committed one for the queue (QUERY_NOT_FOUND). */
    OptionalLong committed(BrokerQueue queue) {
        RemotingCommand response = client.askBroker(queue.brokerAddr(), request(RequestCode.QUERY_CONSUMER_OFFSET,
                queue).ext("consumerGroup", group));
        if (response.code() == ResponseCode.QUERY_NOT_FOUND) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(offset(response, queue, "the offset of group '" + group + "'"));
    }

    /** UPDATE_CONSUMER_OFFSET, answered (not oneway), so a refusal is reported. */
    void commit(BrokerQueue queue, long offset) {
        RemotingCommand request = request(RequestCode.UPDATE_CONSUMER_OFFSET, queue)
                .ext("consumerGroup", group).ext("commitOffset", offset);
        RemotingCommand response = client.askBroker(queue.brokerAddr(), request);
        if (response.code() != ResponseCode.SUCCESS) {
            throw AdminClient.refused("committing offset " + offset + " of group '" + group + "' on " + queue,
                    queue.brokerAddr(), response);
        }
    }

    /** The first offset still available. */
    long min(BrokerQueue queue) {
        return offset(client.askBroker(queue.brokerAddr(), request(RequestCode.GET_MIN_OFFSET, queue)), queue,
                "the min offset");
    }

    /** The offset the next message will get. */
    long max(BrokerQueue queue) {
        return offset(client.askBroker(queue.brokerAddr(), request(RequestCode.GET_MAX_OFFSET, queue)), queue,
                "the max offset");
    }

    /** The first offset stored at or after {@code timestampMs} (the max offset when every message is older). */
    long byTimestamp(BrokerQueue queue, long timestampMs) {
        RemotingCommand request = request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, queue)
                .ext("timestamp", timestampMs);
        return offset(client.askBroker(queue.brokerAddr(), request), queue, "the offset at " + timestampMs);
    }

    private RemotingCommand request(int code, BrokerQueue queue) {
        return RemotingCommand.request(code).ext("topic", topic).ext("queueId", queue.queueId())
                .ext("bname", queue.brokerName());
    }

    private long offset(RemotingCommand response, BrokerQueue queue, String what) {
        String full = what + " of topic '" + topic + "' " + queue;
        if (response.code() != ResponseCode.SUCCESS) {
            throw AdminClient.refused(full, queue.brokerAddr(), response);
        }
        try {
            return response.extLong("offset");
        } catch (ProtocolException e) {
            throw CliException.failed(full + ": broker " + queue.brokerAddr() + " sent no readable offset: "
                    + e.getMessage());
        }
    }
}
