package io.msgframe.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Settings of a {@link MsgFrameClient}: the name servers, the instance name (null: a unique one per instance, see
 * {@link #instanceName()}), the timeout of name-server and heartbeat requests, how often routes are refreshed and
 * heartbeats sent, and the number of I/O threads. Clients with equal settings share one instance
 * ({@link MsgFrameClient#shared}).
 *
 * @param namesrvAddrs            "host:port" of each name server, tried in turn
 * @param instanceName            the part of the client id after {@code ip@}; null gives {@code pid#random}
 * @param requestTimeoutMs        timeout of route queries, heartbeats and unregistrations
 * @param routeRefreshIntervalMs  how often every known topic's route is fetched again (RocketMQ: 30 s)
 * @param heartbeatIntervalMs     how often every master broker gets a heartbeat (RocketMQ: 30 s)
 * @param ioThreads               Netty event-loop threads
 */
public record ClientConfig(List<String> namesrvAddrs, String instanceName, long requestTimeoutMs,
                           long routeRefreshIntervalMs, long heartbeatIntervalMs, int ioThreads) {

    public ClientConfig {
        namesrvAddrs = List.copyOf(namesrvAddrs);
        if (namesrvAddrs.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one name server address (host:port)");
        }
        for (String addr : namesrvAddrs) {
            if (addr.isBlank() || addr.lastIndexOf(':') <= 0) {
                throw new IllegalArgumentException("name server address '" + addr + "' is not host:port");
            }
        }
        positive("requestTimeoutMs", requestTimeoutMs);
        positive("routeRefreshIntervalMs", routeRefreshIntervalMs);
        positive("heartbeatIntervalMs", heartbeatIntervalMs);
        positive("ioThreads", ioThreads);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Builds a {@link ClientConfig}; defaults: 3 s requests, routes and heartbeats every 30 s, 2 I/O threads. */
    public static final class Builder {
        private List<String> namesrvAddrs = List.of();
        private String instanceName;
        private long requestTimeoutMs = 3_000;
        private long routeRefreshIntervalMs = 30_000;
        private long heartbeatIntervalMs = 30_000;
        private int ioThreads = 2;

        /** One or more "host:port", separated by {@code ;} as RocketMQ's {@code namesrvAddr}. */
        public Builder namesrvAddr(String addrs) {
            this.namesrvAddrs = Arrays.stream(addrs.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            return this;
        }

        public Builder namesrvAddrs(List<String> addrs) {
            this.namesrvAddrs = List.copyOf(addrs);
            return this;
        }

        public Builder instanceName(String instanceName) {
            this.instanceName = instanceName;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeoutMs = timeout.toMillis();
            return this;
        }

        public Builder routeRefreshInterval(Duration interval) {
            this.routeRefreshIntervalMs = interval.toMillis();
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatIntervalMs = interval.toMillis();
            return this;
        }

        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(namesrvAddrs, instanceName, requestTimeoutMs, routeRefreshIntervalMs,
                    heartbeatIntervalMs, ioThreads);
        }
    }
}
