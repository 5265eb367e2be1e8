package io.msgframe.client.producer;

import io.msgframe.client.route.PublishQueues;
import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.QueueData;
import io.msgframe.protocol.body.TopicRouteData;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class QueueChooserTest {

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneId getZone() {
            return ZoneId.systemDefault();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private static TopicRouteData route() {
        return new TopicRouteData(List.of(
                new QueueData("broker-b", 2, 2, PermName.READ_WRITE, 0),
                new QueueData("broker-a", 2, 2, PermName.READ_WRITE, 0),
                new QueueData("broker-ro", 2, 2, PermName.READ, 0),
                new QueueData("broker-slave", 2, 2, PermName.READ_WRITE, 0)), List.of(
                new BrokerData("c", "broker-a", Map.of(0L, "10.0.0.1:10911")),
                new BrokerData("c", "broker-b", Map.of(0L, "10.0.0.2:10911", 1L, "10.0.0.3:10911")),
                new BrokerData("c", "broker-ro", Map.of(0L, "10.0.0.4:10911")),
                new BrokerData("c", "broker-slave", Map.of(1L, "10.0.0.5:10911"))));
    }

    @Test
    void publishQueuesAreWritableMasterQueuesSortedByBroker() {
        PublishQueues queues = PublishQueues.of("T", route(), false);
        assertThat(queues.queues()).containsExactly(new MessageQueue("T", "broker-a", 0),
                new MessageQueue("T", "broker-a", 1), new MessageQueue("T", "broker-b", 0),
                new MessageQueue("T", "broker-b", 1));
        assertThat(queues.masterAddr("broker-b")).isEqualTo("10.0.0.2:10911");
        assertThat(queues.masterAddr("broker-slave")).isNull();
    }

    @Test
    void roundRobinVisitsEveryWritableQueueInTurn() {
        PublishQueues queues = PublishQueues.of("T", route(), false);
        QueueChooser chooser = new QueueChooser(null);
        List<MessageQueue> chosen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            chosen.add(chooser.choose(queues, null));
        }
        assertThat(new HashSet<>(chosen.subList(0, 4))).hasSize(4);
        assertThat(chosen.subList(4, 8)).isEqualTo(chosen.subList(0, 4));
        assertThat(chosen).allMatch(q -> !q.brokerName().equals("broker-ro") && !q.brokerName().equals("broker-slave"));
    }

    @Test
    void retryAvoidsTheBrokerThatJustFailed() {
        PublishQueues queues = PublishQueues.of("T", route(), false);
        QueueChooser chooser = new QueueChooser(null);
        for (int i = 0; i < 10; i++) {
            assertThat(chooser.choose(queues, "broker-a").brokerName()).isEqualTo("broker-b");
        }
    }

    @Test
    void faultAvoidanceSkipsAFailedBrokerUntilItsBackoffEnds() {
        ManualClock clock = new ManualClock();
        LatencyFaultTable faults = new LatencyFaultTable(clock, 30_000);
        QueueChooser chooser = new QueueChooser(faults);
        PublishQueues queues = PublishQueues.of("T", route(), false);

        faults.recordFailure("broker-a");
        for (int i = 0; i < 10; i++) {
            assertThat(chooser.choose(queues, null).brokerName()).isEqualTo("broker-b");
        }
        clock.millis += 29_999;
        assertThat(chooser.choose(queues, null).brokerName()).isEqualTo("broker-b");
        clock.millis += 1;
        Set<String> brokers = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            brokers.add(chooser.choose(queues, null).brokerName());
        }
        assertThat(brokers).containsExactlyInAnyOrder("broker-a", "broker-b");
    }

    @Test
    void slowAnswersBackOffByLatencyAndFastOnesClearIt() {
        ManualClock clock = new ManualClock();
        LatencyFaultTable faults = new LatencyFaultTable(clock, 30_000);
        faults.recordLatency("broker-a", 600);
        assertThat(faults.isAvailable("broker-a")).isFalse();
        clock.millis += 2_000;
        assertThat(faults.isAvailable("broker-a")).isTrue();
        faults.recordLatency("broker-a", 20_000);
        assertThat(faults.isAvailable("broker-a")).isFalse();
        faults.recordLatency("broker-a", 5);
        assertThat(faults.isAvailable("broker-a")).isTrue();
    }

    @Test
    void whenEveryBrokerIsBackedOffASendIsStillAttempted() {
        ManualClock clock = new ManualClock();
        LatencyFaultTable faults = new LatencyFaultTable(clock, 30_000);
        faults.recordFailure("broker-a");
        faults.recordFailure("broker-b");
        QueueChooser chooser = new QueueChooser(faults);
        PublishQueues queues = PublishQueues.of("T", route(), false);
        assertThat(chooser.choose(queues, "broker-a").brokerName()).isEqualTo("broker-b");
    }

    @Test
    void templateRouteUsesAtMostFourQueuesPerBroker() {
        TopicRouteData template = new TopicRouteData(List.of(new QueueData("broker-a", 8, 8, 7, 0)),
                List.of(new BrokerData("c", "broker-a", Map.of(0L, "10.0.0.1:10911"))));
        PublishQueues queues = PublishQueues.of("New", PublishQueues.fromTemplate(template, 4), true);
        assertThat(queues.queues()).hasSize(4);
        assertThat(queues.fromTemplate()).isTrue();
    }
}
