package io.msgframe.remoting;

import io.msgframe.protocol.remoting.RemotingCommand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** A server on 127.0.0.1 (port chosen at run time), a client, and the executors tests register; closes all. */
final class RemotingFixture implements AutoCloseable {
    final RemotingServer server;
    final RemotingClient client;
    private final List<ExecutorService> executors = new ArrayList<>();
    private final List<RawConnection> rawConnections = new ArrayList<>();

    RemotingFixture() {
        this(localServer(), RemotingClientConfig.defaults());
    }

    RemotingFixture(RemotingServerConfig serverConfig) {
        this(serverConfig, RemotingClientConfig.defaults());
    }

    RemotingFixture(RemotingServerConfig serverConfig, RemotingClientConfig clientConfig) {
        server = new RemotingServer(serverConfig);
        server.start();
        client = new RemotingClient(clientConfig);
        client.start();
    }

    static RemotingServerConfig localServer() {
        return RemotingServerConfig.defaults().withBindAddress("127.0.0.1").withPort(0).withIoThreads(2);
    }

    String addr() {
        return "127.0.0.1:" + server.port();
    }

    ExecutorService executor(String kind, int threads, int queueCapacity) {
        ExecutorService executor = RemotingExecutors.bounded(kind, threads, queueCapacity);
        executors.add(executor);
        return executor;
    }

    ExecutorService executor() {
        return executor("test", 4, 10_000);
    }

    /** Registers a processor echoing ext fields, remark and body of each request with the given code. */
    void registerEcho(int code) {
        server.registerProcessor(code, (channel, request) -> {
            RemotingCommand response = RemotingCommand.success(request).remark(request.remark());
            request.extFields().forEach(response::ext);
            return response.body(request.body());
        }, executor());
    }

    RawConnection raw() throws java.io.IOException {
        RawConnection connection = new RawConnection(server.port());
        rawConnections.add(connection);
        return connection;
    }

    @Override
    public void close() {
        for (RawConnection connection : rawConnections) {
            connection.close();
        }
        client.shutdown();
        server.shutdown();
        for (ExecutorService executor : executors) {
            RemotingExecutors.shutdown(executor, Duration.ofSeconds(2));
        }
    }
}
