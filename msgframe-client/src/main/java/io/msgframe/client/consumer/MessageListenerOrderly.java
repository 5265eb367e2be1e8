package io.msgframe.client.consumer;

/**
 * Consumes the messages of each queue one at a time, in queue-offset order, while this member holds the queue's
 * lock on the broker; different queues run in parallel. An exception counts as
 * {@link ConsumeOrderlyStatus#SUSPEND_CURRENT_QUEUE_A_MOMENT}.
 */
@FunctionalInterface
public interface MessageListenerOrderly {

    ConsumeOrderlyStatus consume(ReceivedMessage message);
}
