package io.msgframe.client.producer;

import io.msgframe.client.route.PublishQueues;
import io.msgframe.protocol.body.MessageQueue;

import java.util.List;

/**
 * Picks the queue of the next send attempt: round robin over the topic's publish queues (writable queues of
 * masters), avoiding the broker the previous attempt failed on. With fault avoidance (a {@link LatencyFaultTable})
 * brokers that failed or answered slowly are skipped while they are backed off; when every broker is, the plain
 * round robin decides, so a send is always attempted.
 */
public final class QueueChooser {
    private final LatencyFaultTable faults;

    /** {@code faults} null: fault avoidance off. */
    public QueueChooser(LatencyFaultTable faults) {
        this.faults = faults;
    }

    /** @param avoidBroker the broker of the previous failed attempt, or null */
    public MessageQueue choose(PublishQueues publish, String avoidBroker) {
        List<MessageQueue> queues = publish.queues();
        int size = queues.size();
        int start = publish.nextPosition();
        if (faults != null) {
            MessageQueue fallback = null;
            for (int i = 0; i < size; i++) {
                MessageQueue queue = queues.get((start + i) % size);
                if (faults.isAvailable(queue.brokerName())) {
                    if (!queue.brokerName().equals(avoidBroker)) {
                        return queue;
                    }
                    if (fallback == null) {
                        fallback = queue;
                    }
                }
            }
            if (fallback != null) {
                return fallback;
            }
        }
        for (int i = 0; i < size; i++) {
            MessageQueue queue = queues.get((start + i) % size);
            if (!queue.brokerName().equals(avoidBroker)) {
                return queue;
            }
        }
        return queues.get(start % size);
    }

    /** The fault table, or null when fault avoidance is off. */
    public LatencyFaultTable faults() {
        return faults;
    }
}
