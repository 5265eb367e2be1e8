package io.msgframe.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Small helpers around the official clients shared by the consumer tests. */
final class Clients {
    private Clients() {
    }

    /** Sends {@code count} messages synchronously, tags cycling through {@code tags}; returns the results. */
    static List<SendResult> sendSync(DefaultMQProducer producer, String topic, int count, String... tags)
            throws Exception {
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String tag = tags[i % tags.length];
            Message message = new Message(topic, tag, topic + "-" + i, (topic + ":" + tag + ":" + i)
                    .getBytes(StandardCharsets.UTF_8));
            SendResult result = producer.send(message);
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            results.add(result);
        }
        return results;
    }

    static List<String> ids(List<SendResult> results) {
        return results.stream().map(SendResult::getMsgId).toList();
    }

    /** A concurrent listener that records every message and acknowledges it. */
    static MessageListenerConcurrently recordingInto(Received received) {
        return (messages, context) -> {
            received.addAll(messages);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
    }

    /** The queues of {@code topic} a push consumer currently owns (its rebalance result). */
    @SuppressWarnings("deprecation") // the rebalance result is only reachable through the consumer's impl
    static Set<MessageQueue> owned(DefaultMQPushConsumer consumer, String topic) {
        return consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().entrySet().stream()
                .filter(e -> e.getKey().getTopic().equals(topic) && !e.getValue().isDropped())
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }
}
