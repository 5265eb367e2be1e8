package io.msgframe.broker.pull;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.RemotingChannel;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A connection without a network: records the responses written to it; can be closed. */
final class FakeChannel implements RemotingChannel {
    final List<RemotingCommand> responses = new CopyOnWriteArrayList<>();
    private volatile boolean active = true;

    @Override
    public String remoteAddress() {
        return "127.0.0.1:40000";
    }

    @Override
    public InetSocketAddress remoteSocketAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
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
        responses.add(response.markResponse());
        response.bodyWritten();
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMs) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("fake channel"));
    }

    @Override
    public void invokeOneway(RemotingCommand request) {
    }

    @Override
    public void close() {
        active = false;
    }
}
