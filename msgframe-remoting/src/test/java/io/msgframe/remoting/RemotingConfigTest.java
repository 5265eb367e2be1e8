package io.msgframe.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msgframe.protocol.config.ConfigException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RemotingConfigTest {

    @Test
    void defaultsMatchRocketMq() {
        RemotingServerConfig config = RemotingServerConfig.defaults();

        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(10911);
        assertThat(config.maxFrameBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(config.idleSeconds()).isEqualTo(120);
        assertThat(config.queueCapacity(RemotingServerConfig.SEND)).isEqualTo(10_000);
        assertThat(config.queueCapacity(RemotingServerConfig.PULL)).isEqualTo(100_000);
        assertThat(config.queueCapacity("other")).isEqualTo(RemotingServerConfig.DEFAULT_QUEUE_CAPACITY);
        assertThat(RemotingClientConfig.defaults().connectTimeoutMs()).isEqualTo(3_000);
    }

    @Test
    void readsBrokerConfAliasesAndReportsBadValues() {
        RemotingServerConfig config = RemotingServerConfig.from(RemotingServerConfig.TABLE.parse(Map.of(
                "listenPort", "10921", "serverChannelMaxIdleTimeSeconds", "30", "sendThreadPoolQueueCapacity", "5"),
                false));

        assertThat(config.port()).isEqualTo(10921);
        assertThat(config.idleSeconds()).isEqualTo(30);
        assertThat(config.queueCapacity(RemotingServerConfig.SEND)).isEqualTo(5);
        assertThatThrownBy(() -> RemotingServerConfig.TABLE.parse(Map.of("listenPort", "70000", "bogus", "1"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listenPort").hasMessageContaining("bogus");
        assertThatThrownBy(() -> RemotingServerConfig.defaults().withMaxFrameBytes(10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFrameBytes");
    }

    @Test
    void boundedExecutorNamesItsThreadsAndRejectsBeyondItsQueue() throws Exception {
        ThreadPoolExecutor executor = RemotingExecutors.bounded("send", 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> name = new AtomicReference<>();
        try {
            executor.execute(() -> {
                name.set(Thread.currentThread().getName());
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            executor.execute(() -> { });

            assertThatThrownBy(() -> executor.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        } finally {
            release.countDown();
            assertThat(RemotingExecutors.shutdown(executor, java.time.Duration.ofSeconds(5))).isTrue();
        }
        assertThat(name.get()).isEqualTo("msgframe-send-1");
    }
}
