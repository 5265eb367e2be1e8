package io.msgframe.remoting;

import io.msgframe.protocol.config.ConfigKey;
import io.msgframe.protocol.config.ConfigTable;
import io.msgframe.protocol.config.ConfigValues;
import io.msgframe.remoting.codec.FrameDecoder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of a {@link RemotingServer}. {@link #TABLE} declares them as configuration keys (with the RocketMQ
 * {@code broker.conf} names as aliases); {@link #from} builds the record from parsed values.
 *
 * @param bindAddress     local address to listen on; "0.0.0.0" for all interfaces
 * @param port            TCP port; 0 picks a free one (then {@link RemotingServer#port()} tells which)
 * @param maxFrameBytes   largest frame accepted, length field included; a larger one closes the connection
 * @param idleSeconds     close a connection after this long without reads or writes; 0 never
 * @param ioThreads       Netty event-loop threads (accept + read/decode/write)
 * @param queueCapacities bounded queue length per kind of processor executor ("send", "pull", …), for
 *                        {@link RemotingExecutors#bounded}
 */
public record RemotingServerConfig(String bindAddress, int port, int maxFrameBytes, int idleSeconds, int ioThreads,
                                   Map<String, Integer> queueCapacities) {
    public static final String SEND = "send";
    public static final String PULL = "pull";
    public static final String ADMIN = "admin";
    public static final String HEARTBEAT = "heartbeat";
    /** Queue capacity of a kind of executor not listed in {@link #queueCapacities}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    public static final ConfigKey<String> BIND_ADDRESS = ConfigKey.ofString("bindAddress", "0.0.0.0",
            "local address the broker listens on", null);
    public static final ConfigKey<Integer> PORT = ConfigKey.ofInt("listenPort", 10911, 0, 65535,
            "TCP port of the remoting server (0 = any free port)", "listenPort");
    public static final ConfigKey<Integer> MAX_FRAME_BYTES = ConfigKey.ofInt("maxFrameBytes",
            FrameDecoder.DEFAULT_MAX_FRAME_BYTES, 1024, Integer.MAX_VALUE,
            "largest frame accepted, length field included; a larger one closes the connection", null);
    public static final ConfigKey<Integer> IDLE_SECONDS = ConfigKey.ofInt("channelIdleSeconds", 120, 0, 86_400,
            "close connections without reads or writes for this long (0 = never)",
            "serverChannelMaxIdleTimeSeconds");
    public static final ConfigKey<Integer> IO_THREADS = ConfigKey.ofInt("ioThreads", 4, 1, 256,
            "Netty event-loop threads for socket reads, decoding and writes", "serverSelectorThreads");
    public static final ConfigKey<Integer> SEND_QUEUE_CAPACITY = ConfigKey.ofInt("sendQueueCapacity", 10_000, 1,
            10_000_000, "send requests waiting for a thread before SYSTEM_BUSY", "sendThreadPoolQueueCapacity");
    public static final ConfigKey<Integer> PULL_QUEUE_CAPACITY = ConfigKey.ofInt("pullQueueCapacity", 100_000, 1,
            10_000_000, "pull requests waiting for a thread before SYSTEM_BUSY", "pullThreadPoolQueueCapacity");
    public static final ConfigKey<Integer> ADMIN_QUEUE_CAPACITY = ConfigKey.ofInt("adminQueueCapacity", 10_000, 1,
            10_000_000, "admin requests waiting for a thread before SYSTEM_BUSY",
            "adminBrokerThreadPoolQueueCapacity");
    public static final ConfigKey<Integer> HEARTBEAT_QUEUE_CAPACITY = ConfigKey.ofInt("heartbeatQueueCapacity",
            50_000, 1, 10_000_000, "heartbeats waiting for a thread before SYSTEM_BUSY",
            "heartbeatThreadPoolQueueCapacity");

    public static final ConfigTable TABLE = new ConfigTable("remoting", List.of(BIND_ADDRESS, PORT, MAX_FRAME_BYTES,
            IDLE_SECONDS, IO_THREADS, SEND_QUEUE_CAPACITY, PULL_QUEUE_CAPACITY, ADMIN_QUEUE_CAPACITY,
            HEARTBEAT_QUEUE_CAPACITY));

    public RemotingServerConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must be given");
        }
        check(port >= 0 && port <= 65535, "port", port);
        check(maxFrameBytes >= 1024, "maxFrameBytes", maxFrameBytes);
        check(idleSeconds >= 0, "idleSeconds", idleSeconds);
        check(ioThreads >= 1, "ioThreads", ioThreads);
        queueCapacities = Map.copyOf(queueCapacities);
        queueCapacities.forEach((kind, capacity) -> check(capacity >= 1, kind + " queue capacity", capacity));
    }

    /** Every key at its default: all interfaces, port 10911, 16 MiB frames, 120 s idle. */
    public static RemotingServerConfig defaults() {
        return from(TABLE.parse(Map.of(), false));
    }

    public static RemotingServerConfig from(ConfigValues values) {
        return new RemotingServerConfig(values.get(BIND_ADDRESS), values.get(PORT), values.get(MAX_FRAME_BYTES),
                values.get(IDLE_SECONDS), values.get(IO_THREADS), Map.of(
                SEND, values.get(SEND_QUEUE_CAPACITY), PULL, values.get(PULL_QUEUE_CAPACITY),
                ADMIN, values.get(ADMIN_QUEUE_CAPACITY), HEARTBEAT, values.get(HEARTBEAT_QUEUE_CAPACITY)));
    }

    public int queueCapacity(String kind) {
        return queueCapacities.getOrDefault(kind, DEFAULT_QUEUE_CAPACITY);
    }

    public RemotingServerConfig withBindAddress(String bindAddress) {
        return new RemotingServerConfig(bindAddress, port, maxFrameBytes, idleSeconds, ioThreads, queueCapacities);
    }

    public RemotingServerConfig withPort(int port) {
        return new RemotingServerConfig(bindAddress, port, maxFrameBytes, idleSeconds, ioThreads, queueCapacities);
    }

    public RemotingServerConfig withMaxFrameBytes(int maxFrameBytes) {
        return new RemotingServerConfig(bindAddress, port, maxFrameBytes, idleSeconds, ioThreads, queueCapacities);
    }

    public RemotingServerConfig withIdleSeconds(int idleSeconds) {
        return new RemotingServerConfig(bindAddress, port, maxFrameBytes, idleSeconds, ioThreads, queueCapacities);
    }

    public RemotingServerConfig withIoThreads(int ioThreads) {
        return new RemotingServerConfig(bindAddress, port, maxFrameBytes, idleSeconds, ioThreads, queueCapacities);
    }

    public RemotingServerConfig withQueueCapacity(String kind, int capacity) {
        Map<String, Integer> capacities = new HashMap<>(queueCapacities);
        capacities.put(kind, capacity);
        return new RemotingServerConfig(bindAddress, port, maxFrameBytes, idleSeconds, ioThreads, capacities);
    }

    static void check(boolean valid, String name, int value) {
        if (!valid) {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
    }
}
