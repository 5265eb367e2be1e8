package io.msgframe.client.consumer;

/** What a {@link MessageListenerOrderly} says of a message. */
public enum ConsumeOrderlyStatus {
    /** The message is done; the queue moves on to the next one. */
    SUCCESS,
    /** Stop the queue for the suspend time, then deliver the same message again (order kept). */
    SUSPEND_CURRENT_QUEUE_A_MOMENT
}
