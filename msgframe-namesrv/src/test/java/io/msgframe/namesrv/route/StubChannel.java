package io.msgframe.namesrv.route;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.RemotingChannel;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** A connection that only records whether it was closed. */
final class StubChannel implements RemotingChannel {
    private final String peer;
    volatile boolean closed;

    StubChannel(String peer) {
        this.peer = peer;
    }

    @Override
    public String remoteAddress() {
        return peer;
    }

    @Override
    public InetSocketAddress remoteSocketAddress() {
        return null;
    }

    @Override
    public InetSocketAddress localSocketAddress() {
        return null;
    }

    @Override
    public boolean isActive() {
        return !closed;
    }

    @Override
    public void writeResponse(RemotingCommand response) {
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMs) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public void invokeOneway(RemotingCommand request) {
    }

    @Override
    public void close() {
        closed = true;
    }
}
