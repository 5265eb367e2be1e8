package io.msgframe.client.producer;

import io.msgframe.client.ClientConfig;
import io.msgframe.protocol.body.NameValidator;

import java.time.Clock;
import java.time.Duration;

/**
 * Settings of a {@link Producer}; build with {@link Producer#builder(String)}.
 *
 * @param group                  producer group (reported in heartbeats and send headers)
 * @param client                 the client instance settings (name servers, instance name, intervals)
 * @param sendTimeoutMs          total time a send may take, retries included (RocketMQ: 3 s)
 * @param retries                extra attempts of a sync send on another broker (RocketMQ: 2); async sends retry
 *                               transport failures only, ordered sends never
 * @param compressThresholdBytes single bodies at least this large are zlib-compressed (RocketMQ: 4 KiB)
 * @param compressLevel          zlib level (RocketMQ: 5)
 * @param maxMessageBytes        largest body (and batch) sent; checked before sending (RocketMQ: 4 MiB)
 * @param faultAvoidance         skip brokers that failed or answered slowly, for a while ({@link LatencyFaultTable})
 * @param faultBackoffMs         how long a broker whose request failed is skipped
 * @param autoBatch              automatic batching of async sends; {@link AutoBatch#OFF} by default
 * @param clock                  time of born timestamps, UNIQ_KEYs and the fault table
 */
public record ProducerConfig(String group, ClientConfig client, long sendTimeoutMs, int retries,
                             int compressThresholdBytes, int compressLevel, int maxMessageBytes,
                             boolean faultAvoidance, long faultBackoffMs, AutoBatch autoBatch, Clock clock) {

    /**
     * Automatic batching of async sends: messages to one topic wait up to {@code lingerMs} for company and go as
     * one SEND_BATCH_MESSAGE of at most {@code maxMessages} messages and {@code maxBytes} bytes.
     */
    public record AutoBatch(boolean enabled, long lingerMs, int maxMessages, int maxBytes) {
        public static final AutoBatch OFF = new AutoBatch(false, 0, 1, 1);

        public AutoBatch {
            if (enabled && (lingerMs < 0 || maxMessages < 1 || maxBytes < 1)) {
                throw new IllegalArgumentException("auto batch needs lingerMs >= 0, maxMessages >= 1, maxBytes >= 1;"
                        + " got " + lingerMs + ", " + maxMessages + ", " + maxBytes);
            }
        }

        public static AutoBatch of(Duration linger, int maxMessages, int maxBytes) {
            return new AutoBatch(true, linger.toMillis(), maxMessages, maxBytes);
        }
    }

    public ProducerConfig {
        NameValidator.groupProblem(group).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        check(sendTimeoutMs > 0, "sendTimeoutMs", sendTimeoutMs);
        check(retries >= 0, "retries", retries);
        check(compressThresholdBytes >= 0, "compressThresholdBytes", compressThresholdBytes);
        check(compressLevel >= 0 && compressLevel <= 9, "compressLevel", compressLevel);
        check(maxMessageBytes > 0, "maxMessageBytes", maxMessageBytes);
        check(faultBackoffMs >= 0, "faultBackoffMs", faultBackoffMs);
    }

    private static void check(boolean ok, String name, long value) {
        if (!ok) {
            throw new IllegalArgumentException("producer setting " + name + " is out of range: " + value);
        }
    }
}
