package io.msgframe.remoting;

import io.msgframe.remoting.codec.FrameDecoder;

/**
 * Settings of a {@link RemotingClient}.
 *
 * @param connectTimeoutMs how long opening a connection may take
 * @param maxFrameBytes    largest frame accepted, length field included; a larger one closes the connection
 * @param idleSeconds      close a connection after this long without reads or writes; 0 never
 * @param ioThreads        Netty event-loop threads
 */
public record RemotingClientConfig(int connectTimeoutMs, int maxFrameBytes, int idleSeconds, int ioThreads) {

    public RemotingClientConfig {
        RemotingServerConfig.check(connectTimeoutMs >= 1, "connectTimeoutMs", connectTimeoutMs);
        RemotingServerConfig.check(maxFrameBytes >= 1024, "maxFrameBytes", maxFrameBytes);
        RemotingServerConfig.check(idleSeconds >= 0, "idleSeconds", idleSeconds);
        RemotingServerConfig.check(ioThreads >= 1, "ioThreads", ioThreads);
    }

    /** RocketMQ's client defaults: 3 s connect, 16 MiB frames, 120 s idle; two event-loop threads. */
    public static RemotingClientConfig defaults() {
        return new RemotingClientConfig(3_000, FrameDecoder.DEFAULT_MAX_FRAME_BYTES, 120, 2);
    }

    public RemotingClientConfig withConnectTimeoutMs(int connectTimeoutMs) {
        return new RemotingClientConfig(connectTimeoutMs, maxFrameBytes, idleSeconds, ioThreads);
    }

    public RemotingClientConfig withMaxFrameBytes(int maxFrameBytes) {
        return new RemotingClientConfig(connectTimeoutMs, maxFrameBytes, idleSeconds, ioThreads);
    }

    public RemotingClientConfig withIdleSeconds(int idleSeconds) {
        return new RemotingClientConfig(connectTimeoutMs, maxFrameBytes, idleSeconds, ioThreads);
    }

    public RemotingClientConfig withIoThreads(int ioThreads) {
        return new RemotingClientConfig(connectTimeoutMs, maxFrameBytes, idleSeconds, ioThreads);
    }
}
