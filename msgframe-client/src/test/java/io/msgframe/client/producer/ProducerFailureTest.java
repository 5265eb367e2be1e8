package io.msgframe.client.producer;

import io.msgframe.client.BrokerTimeoutException;
import io.msgframe.client.MessageTooLargeException;
import io.msgframe.client.MsgFrameClientException;
import io.msgframe.client.SendFailedException;
import io.msgframe.client.TestCluster;
import io.msgframe.protocol.remoting.RequestCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failures a producer must survive or report clearly, each against its own in-process cluster. */
class ProducerFailureTest {
    @TempDir
    Path dir;

    private static Message message(String topic, String body) {
        return Message.of(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendsFailOverToTheOtherBrokerWhenOneIsStopped() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 2)) {
            cluster.createTopic("Failover", 4);
            try (Producer producer = Producer.builder("failover-group").namesrvAddr(cluster.namesrvAddr())
                    .sendTimeout(Duration.ofSeconds(10)).build()) {
                for (int i = 0; i < 8; i++) {
                    producer.send(message("Failover", "before-" + i));
                }
                cluster.stopBroker(0);
                for (int i = 0; i < 20; i++) {
                    SendResult result = producer.send(message("Failover", "after-" + i));
                    assertThat(result.queue().brokerName()).isEqualTo("broker-1");
                }
                assertThat(cluster.storedAll(1, "Failover", 4).stream()
                        .filter(s -> new String(s.body(), StandardCharsets.UTF_8).startsWith("after-"))).hasSize(20);
            }
        }
    }

    @Test
    void aBrokerThatDoesNotAnswerGivesATimeoutNamingBrokerAndRequest() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1)) {
            cluster.createTopic("Slow", 2);
            ThreadPoolExecutor sendPool = cluster.broker(0).executor(
                    cluster.broker(0).processors().kindOf(RequestCode.SEND_MESSAGE_V2));
            CountDownLatch release = new CountDownLatch(1);
            try (Producer producer = Producer.builder("timeout-group").namesrvAddr(cluster.namesrvAddr())
                    .sendTimeout(Duration.ofMillis(500)).build()) {
                producer.send(message("Slow", "warm-up")); // route and connection ready
                for (int i = 0; i < sendPool.getMaximumPoolSize(); i++) {
                    sendPool.execute(() -> {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
                long start = System.nanoTime();
                assertThatThrownBy(() -> producer.send(message("Slow", "stuck")))
                        .isInstanceOf(SendFailedException.class)
                        .hasMessageContaining("send to topic 'Slow'")
                        .hasMessageContaining("broker-0 (" + cluster.brokerAddr(0) + ")")
                        .hasMessageContaining("SEND_MESSAGE_V2 (310)")
                        .hasMessageContaining("no response within")
                        .hasMessageContaining("send timeout of 500 ms")
                        .hasCauseInstanceOf(BrokerTimeoutException.class);
                assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void anUnknownTopicWithoutAutoCreateFailsNamingTheTopic() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, "autoCreateTopicEnable", "false")) {
            try (Producer producer = Producer.builder("unknown-group").namesrvAddr(cluster.namesrvAddr()).build()) {
                assertThatThrownBy(() -> producer.send(message("NoSuchTopic", "x")))
                        .isInstanceOf(MsgFrameClientException.class)
                        .hasMessageContaining("NoSuchTopic");
            }
        }
    }

    @Test
    void anOversizedMessageIsRefusedBeforeAnyRequest() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1)) {
            try (Producer producer = Producer.builder("size-group").namesrvAddr(cluster.namesrvAddr())
                    .maxMessageBytes(1024).build()) {
                assertThatThrownBy(() -> producer.send(Message.of("Big", new byte[2048])))
                        .isInstanceOf(MessageTooLargeException.class)
                        .hasMessageContaining("2048 bytes").hasMessageContaining("1024 bytes");
                assertThat(producer.sendAsync(Message.of("Big", new byte[2048])))
                        .failsWithin(Duration.ofSeconds(1));
            }
        }
    }
}
