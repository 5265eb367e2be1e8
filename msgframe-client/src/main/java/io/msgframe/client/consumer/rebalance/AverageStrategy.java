package io.msgframe.client.consumer.rebalance;

import io.msgframe.protocol.body.MessageQueue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * RocketMQ's {@code AllocateMessageQueueAveragely}: with q queues and n members, member i (in sorted order) takes a
 * contiguous block of q/n queues, the first q mod n members one more; with more members than queues the last ones
 * get none. Example, 8 queues over 3 members: [0,1,2] [3,4,5] [6,7].
 */
final class AverageStrategy implements RebalanceStrategy {

    @Override
    public List<MessageQueue> allocate(String clientId, Collection<MessageQueue> queues,
                                       Collection<String> clientIds) {
        List<MessageQueue> all = RebalanceStrategy.sorted(queues);
        List<String> members = RebalanceStrategy.sorted(clientIds);
        int index = members.indexOf(clientId);
        List<MessageQueue> mine = new ArrayList<>();
        if (index < 0 || all.isEmpty()) {
            return mine;
        }
        int mod = all.size() % members.size();
        int size = all.size() <= members.size() ? 1
                : (mod > 0 && index < mod ? all.size() / members.size() + 1 : all.size() / members.size());
        int start = mod > 0 && index < mod ? index * size : index * size + mod;
        int range = Math.min(size, all.size() - start);
        for (int i = 0; i < range; i++) {
            mine.add(all.get((start + i) % all.size()));
        }
        return mine;
    }

    @Override
    public String name() {
        return "AVG";
    }
}
