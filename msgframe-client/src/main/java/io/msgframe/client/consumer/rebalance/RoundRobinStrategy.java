package io.msgframe.client.consumer.rebalance;

import io.msgframe.protocol.body.MessageQueue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * RocketMQ's {@code AllocateMessageQueueAveragelyByCircle}: queue j (in sorted order) goes to member j mod n.
 * Example, 8 queues over 3 members: [0,3,6] [1,4,7] [2,5]. Spreads each broker's queues over the members.
 */
final class RoundRobinStrategy implements RebalanceStrategy {

    @Override
    public List<MessageQueue> allocate(String clientId, Collection<MessageQueue> queues,
                                       Collection<String> clientIds) {
        List<MessageQueue> all = RebalanceStrategy.sorted(queues);
        List<String> members = RebalanceStrategy.sorted(clientIds);
        int index = members.indexOf(clientId);
        List<MessageQueue> mine = new ArrayList<>();
        if (index < 0) {
            return mine;
        }
        for (int i = index; i < all.size(); i += members.size()) {
            mine.add(all.get(i));
        }
        return mine;
    }

    @Override
    public String name() {
        return "AVG_BY_CIRCLE";
    }
}
