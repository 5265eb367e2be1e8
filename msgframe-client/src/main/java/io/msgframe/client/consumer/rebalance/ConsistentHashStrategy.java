package io.msgframe.client.consumer.rebalance;

import io.msgframe.protocol.body.MessageQueue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * RocketMQ's {@code AllocateMessageQueueConsistentHash}: each member is placed on a ring at {@code virtualNodes}
 * points (MD5 of {@code clientId + "-" + i}, first 4 bytes), and each queue goes to the first point at or after the
 * MD5 of its RocketMQ text form ({@code MessageQueue [topic=t, brokerName=b, queueId=q]}), wrapping around. When a
 * member joins or leaves, only the queues next to its points move.
 */
final class ConsistentHashStrategy implements RebalanceStrategy {
    private final int virtualNodes;

    ConsistentHashStrategy(int virtualNodes) {
        if (virtualNodes <= 0) {
            throw new IllegalArgumentException("virtualNodes must be positive, got " + virtualNodes);
        }
        this.virtualNodes = virtualNodes;
    }

    @Override
    public List<MessageQueue> allocate(String clientId, Collection<MessageQueue> queues,
                                       Collection<String> clientIds) {
        List<MessageQueue> mine = new ArrayList<>();
        if (!clientIds.contains(clientId)) {
            return mine;
        }
        TreeMap<Long, String> ring = new TreeMap<>();
        for (String member : RebalanceStrategy.sorted(clientIds)) {
            for (int i = 0; i < virtualNodes; i++) {
                ring.putIfAbsent(hash(member + "-" + i), member);
            }
        }
        for (MessageQueue queue : RebalanceStrategy.sorted(queues)) {
            if (clientId.equals(owner(ring, queue))) {
                mine.add(queue);
            }
        }
        return mine;
    }

    private static String owner(TreeMap<Long, String> ring, MessageQueue queue) {
        long hash = hash("MessageQueue [topic=" + queue.topic() + ", brokerName=" + queue.brokerName()
                + ", queueId=" + queue.queueId() + "]");
        SortedMap<Long, String> tail = ring.tailMap(hash);
        return tail.isEmpty() ? ring.firstEntry().getValue() : tail.get(tail.firstKey());
    }

    /** RocketMQ's {@code MD5Hash}: the first 4 bytes of the MD5 digest as an unsigned number. */
    static long hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 4; i++) {
                h <<= 8;
                h |= digest[i] & 0xFF;
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    @Override
    public String name() {
        return "CONSISTENT_HASH";
    }
}
