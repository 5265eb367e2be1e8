package io.msgframe.client.consumer;

/** What a {@link MessageListenerConcurrently} says of a batch. */
public enum ConsumeConcurrentlyStatus {
    /** Every message of the batch is done; its offsets may be committed. */
    CONSUME_SUCCESS,
    /** Deliver every message of the batch again later, through the group's retry topic (clustering). */
    RECONSUME_LATER
}
