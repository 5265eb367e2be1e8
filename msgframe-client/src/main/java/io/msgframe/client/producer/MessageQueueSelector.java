package io.msgframe.client.producer;

import io.msgframe.protocol.body.MessageQueue;

import java.util.List;

/**
 * Chooses the queue of an ordered send: messages for which it returns the same queue are stored, and consumed, in
 * send order. {@link #byHash()} maps equal arguments (e.g. an order id) to the same queue.
 */
@FunctionalInterface
public interface MessageQueueSelector {

    /** One of {@code queues} (the topic's writable queues, sorted by broker name then queue id). */
    MessageQueue select(List<MessageQueue> queues, Message message, Object arg);

    /** {@code queues[floorMod(arg.hashCode(), size)]}: the same argument, the same queue, while the route stays. */
    static MessageQueueSelector byHash() {
        return (queues, message, arg) -> queues.get(Math.floorMod(arg == null ? 0 : arg.hashCode(), queues.size()));
    }
}
