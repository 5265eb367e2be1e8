package io.msgframe.client.consumer.rebalance;

import io.msgframe.protocol.body.MessageQueue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Decides which of a topic's queues one member of a group reads (RocketMQ's {@code AllocateMessageQueueStrategy}).
 * Every member runs it on the same inputs and must get disjoint shares covering every queue; implementations sort
 * their inputs first, so the order they arrive in does not matter.
 */
public interface RebalanceStrategy {

    /**
     * @param clientId  the member asking
     * @param queues    the topic's readable queues
     * @param clientIds the group's members, {@code clientId} among them
     * @return the queues {@code clientId} reads; empty when it is not among {@code clientIds}
     */
    List<MessageQueue> allocate(String clientId, Collection<MessageQueue> queues, Collection<String> clientIds);

    /** The strategy's name, e.g. {@code AVG}. */
    String name();

    /** Contiguous blocks, the first members taking one more when queues do not divide evenly (RocketMQ's default). */
    static RebalanceStrategy average() {
        return new AverageStrategy();
    }

    /** Queue i to member i mod n (RocketMQ's {@code AllocateMessageQueueAveragelyByCircle}). */
    static RebalanceStrategy roundRobin() {
        return new RoundRobinStrategy();
    }

    /** A hash ring of the members with {@code virtualNodes} points each; few queues move when members change. */
    static RebalanceStrategy consistentHash(int virtualNodes) {
        return new ConsistentHashStrategy(virtualNodes);
    }

    /** Sorted copies, shared by the implementations. */
    static <T extends Comparable<? super T>> List<T> sorted(Collection<T> items) {
        List<T> copy = new ArrayList<>(items);
        Collections.sort(copy);
        return copy;
    }
}
