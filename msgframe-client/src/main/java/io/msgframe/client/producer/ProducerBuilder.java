package io.msgframe.client.producer;

import io.msgframe.client.ClientConfig;

import java.time.Clock;
import java.time.Duration;

/**
 * Builds and starts a {@link Producer}. Defaults are RocketMQ's: send timeout 3 s, 2 retries for sync sends,
 * compression from 4 KiB at zlib level 5, 4 MiB max message size, fault avoidance on with a 30 s back-off after a
 * failed request, automatic batching off.
 */
public final class ProducerBuilder {
    private final String group;
    private final ClientConfig.Builder client = ClientConfig.builder();
    private ClientConfig clientConfig;
    private long sendTimeoutMs = 3_000;
    private int retries = 2;
    private int compressThresholdBytes = 4 * 1024;
    private int compressLevel = 5;
    private int maxMessageBytes = 4 * 1024 * 1024;
    private boolean faultAvoidance = true;
    private long faultBackoffMs = 30_000;
    private ProducerConfig.AutoBatch autoBatch = ProducerConfig.AutoBatch.OFF;
    private Clock clock = Clock.systemDefaultZone();

    ProducerBuilder(String group) {
        this.group = group;
    }

    /** Name servers, "host:port" separated by {@code ;}. */
    public ProducerBuilder namesrvAddr(String addrs) {
        client.namesrvAddr(addrs);
        return this;
    }

    public ProducerBuilder instanceName(String instanceName) {
        client.instanceName(instanceName);
        return this;
    }

    public ProducerBuilder routeRefreshInterval(Duration interval) {
        client.routeRefreshInterval(interval);
        return this;
    }

    public ProducerBuilder heartbeatInterval(Duration interval) {
        client.heartbeatInterval(interval);
        return this;
    }

    /** All client-instance settings at once; overrides the name server and interval setters. */
    public ProducerBuilder clientConfig(ClientConfig config) {
        this.clientConfig = config;
        return this;
    }

    public ProducerBuilder sendTimeout(Duration timeout) {
        this.sendTimeoutMs = timeout.toMillis();
        return this;
    }

    public ProducerBuilder retries(int retries) {
        this.retries = retries;
        return this;
    }

    public ProducerBuilder compressThresholdBytes(int bytes) {
        this.compressThresholdBytes = bytes;
        return this;
    }

    public ProducerBuilder compressLevel(int level) {
        this.compressLevel = level;
        return this;
    }

    public ProducerBuilder maxMessageBytes(int bytes) {
        this.maxMessageBytes = bytes;
        return this;
    }

    public ProducerBuilder faultAvoidance(boolean enabled) {
        this.faultAvoidance = enabled;
        return this;
    }

    public ProducerBuilder faultBackoff(Duration backoff) {
        this.faultBackoffMs = backoff.toMillis();
        return this;
    }

    /** Turns automatic batching of async sends on. */
    public ProducerBuilder autoBatch(Duration linger, int maxMessages, int maxBytes) {
        this.autoBatch = ProducerConfig.AutoBatch.of(linger, maxMessages, maxBytes);
        return this;
    }

    public ProducerBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public ProducerConfig config() {
        return new ProducerConfig(group, clientConfig != null ? clientConfig : client.build(), sendTimeoutMs,
                retries, compressThresholdBytes, compressLevel, maxMessageBytes, faultAvoidance, faultBackoffMs,
                autoBatch, clock);
    }

    /** Builds and starts the producer. */
    public Producer build() {
        return new Producer(config());
    }
}
