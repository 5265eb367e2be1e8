package io.msgframe.client.consumer.rebalance;

import io.msgframe.protocol.body.MessageQueue;

import java.util.Set;

/** Told by a {@link Rebalancer} when a topic's share of this member changed; runs on the rebalance thread. */
@FunctionalInterface
public interface AssignmentListener {

    /**
     * @param added   queues this member now reads
     * @param removed queues it no longer reads (stop reading and persist their offsets)
     */
    void assignmentChanged(String topic, Set<MessageQueue> added, Set<MessageQueue> removed);
}
