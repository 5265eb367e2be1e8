package io.msgframe.client.consumer;

import java.util.List;

/**
 * Consumes batches of up to {@code consumeBatchSize} messages of one queue, several batches (even of one queue) at
 * once on the consume threads. An exception counts as {@link ConsumeConcurrentlyStatus#RECONSUME_LATER}.
 */
@FunctionalInterface
public interface MessageListenerConcurrently {

    ConsumeConcurrentlyStatus consume(List<ReceivedMessage> messages);
}
