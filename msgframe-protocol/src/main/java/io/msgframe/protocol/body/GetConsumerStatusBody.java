package io.msgframe.protocol.body;

import java.util.Map;

/**
 * Body of a GET_CONSUMER_STATUS_FROM_CLIENT answer (client → broker) and of the INVOKE_BROKER_TO_GET_CONSUMER_STATUS
 * response (reference §2.9.7): a client's offsets per queue, and per client id when the broker merges answers.
 * Both maps use {@link MessageQueue} object keys.
 */
public record GetConsumerStatusBody(Map<MessageQueue, Long> messageQueueTable,
                                    Map<String, Map<MessageQueue, Long>> consumerTable) {

    public GetConsumerStatusBody {
        messageQueueTable = Copies.map(messageQueueTable);
        consumerTable = Copies.map(consumerTable);
    }
}
