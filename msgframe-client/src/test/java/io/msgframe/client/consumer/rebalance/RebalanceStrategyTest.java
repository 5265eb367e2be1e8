package io.msgframe.client.consumer.rebalance;

import io.msgframe.protocol.body.MessageQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Allocation tables of the three strategies; every queue to exactly one member, whatever the input order. */
class RebalanceStrategyTest {

    private static List<MessageQueue> queues(int perBroker) {
        List<MessageQueue> queues = new ArrayList<>();
        for (String broker : List.of("broker-a", "broker-b")) {
            for (int q = 0; q < perBroker; q++) {
                queues.add(new MessageQueue("T", broker, q));
            }
        }
        return queues;
    }

    private static List<String> members(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("10.0.0.1@c" + i);
        }
        return ids;
    }

    private static List<String> names(List<MessageQueue> queues) {
        return queues.stream().map(q -> q.brokerName().substring(7) + q.queueId()).toList();
    }

    @Test
    void averageGivesContiguousBlocksFirstMembersOneMore() {
        RebalanceStrategy average = RebalanceStrategy.average();
        List<MessageQueue> all = queues(4); // a0..a3 b0..b3
        List<String> ids = members(3);
        assertThat(names(average.allocate(ids.get(0), all, ids))).containsExactly("a0", "a1", "a2");
        assertThat(names(average.allocate(ids.get(1), all, ids))).containsExactly("a3", "b0", "b1");
        assertThat(names(average.allocate(ids.get(2), all, ids))).containsExactly("b2", "b3");
        List<String> many = members(10);
        assertThat(average.allocate(many.get(7), all, many)).hasSize(1);
        assertThat(average.allocate(many.get(8), all, many)).isEmpty();
    }

    @Test
    void roundRobinDealsQueuesInTurn() {
        RebalanceStrategy circle = RebalanceStrategy.roundRobin();
        List<MessageQueue> all = queues(4);
        List<String> ids = members(3);
        assertThat(names(circle.allocate(ids.get(0), all, ids))).containsExactly("a0", "a3", "b2");
        assertThat(names(circle.allocate(ids.get(1), all, ids))).containsExactly("a1", "b0", "b3");
        assertThat(names(circle.allocate(ids.get(2), all, ids))).containsExactly("a2", "b1");
    }

    @Test
    void consistentHashMovesFewQueuesWhenAMemberJoins() {
        RebalanceStrategy hash = RebalanceStrategy.consistentHash(10);
        List<MessageQueue> all = queues(16);
        Map<MessageQueue, String> before = owners(hash, all, members(3));
        Map<MessageQueue, String> after = owners(hash, all, members(4));
        long moved = all.stream().filter(q -> !before.get(q).equals(after.get(q))).count();
        long movedToNew = all.stream().filter(q -> !before.get(q).equals(after.get(q)))
                .filter(q -> after.get(q).equals("10.0.0.1@c3")).count();
        assertThat(moved).isEqualTo(movedToNew); // only queues taken by the new member move
        assertThat(moved).isLessThan(all.size());
    }

    @Test
    void everyQueueHasExactlyOneOwnerAndInputOrderDoesNotMatter() {
        long seed = System.nanoTime();
        System.out.println("RebalanceStrategyTest seed " + seed);
        Random random = new Random(seed);
        for (RebalanceStrategy strategy : List.of(RebalanceStrategy.average(), RebalanceStrategy.roundRobin(),
                RebalanceStrategy.consistentHash(10))) {
            for (int round = 0; round < 50; round++) {
                List<MessageQueue> all = queues(1 + random.nextInt(12));
                List<String> ids = members(1 + random.nextInt(7));
                Map<MessageQueue, String> sorted = owners(strategy, all, ids);
                List<MessageQueue> shuffledQueues = new ArrayList<>(all);
                List<String> shuffledIds = new ArrayList<>(ids);
                Collections.shuffle(shuffledQueues, random);
                Collections.shuffle(shuffledIds, random);
                assertThat(owners(strategy, shuffledQueues, shuffledIds)).as(strategy.name()).isEqualTo(sorted);
                assertThat(sorted.keySet()).as(strategy.name()).containsExactlyInAnyOrderElementsOf(all);
            }
        }
    }

    /** Queue → owner; fails if a queue is given to two members. */
    private static Map<MessageQueue, String> owners(RebalanceStrategy strategy, List<MessageQueue> all,
                                                    List<String> ids) {
        Map<MessageQueue, String> owners = new HashMap<>();
        for (String id : ids) {
            for (MessageQueue queue : strategy.allocate(id, all, ids)) {
                String previous = owners.put(queue, id);
                assertThat(previous).as(strategy.name() + " gives " + queue + " twice").isNull();
            }
        }
        return owners;
    }
}
