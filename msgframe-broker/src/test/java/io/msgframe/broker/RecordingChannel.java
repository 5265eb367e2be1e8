package io.msgframe.broker;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.RemotingChannel;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A connection that records what the broker sends on it; open until {@link #close()}. */
public final class RecordingChannel implements RemotingChannel {
    private final InetSocketAddress remote;
    private final List<RemotingCommand> oneways = new CopyOnWriteArrayList<>();
    private volatile boolean active = true;

    public RecordingChannel(int port) {
        this.remote = new InetSocketAddress("127.0.0.1", port);
    }

    public List<RemotingCommand> oneways() {
        return oneways;
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:" + remote.getPort();
    }

    @Override
    public InetSocketAddress remoteSocketAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localSocketAddress() {
        return new InetSocketAddress("127.0.0.1", 10911);
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void writeResponse(RemotingCommand response) {
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMs) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not in this test"));
    }

    @Override
    public void invokeOneway(RemotingCommand request) {
        oneways.add(request);
    }

    @Override
    public void close() {
        active = false;
    }
}
