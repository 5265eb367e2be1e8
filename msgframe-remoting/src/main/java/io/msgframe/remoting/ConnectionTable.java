package io.msgframe.remoting;

import io.msgframe.remoting.transport.NettyRemotingChannel;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's connections by "host:port": at most one live or opening connection per address. A connection
 * that failed to open or has closed leaves the table, so the next request opens a fresh one.
 */
final class ConnectionTable {
    private final Map<String, CompletableFuture<NettyRemotingChannel>> table = new ConcurrentHashMap<>();

    CompletableFuture<NettyRemotingChannel> get(String addr, Bootstrap bootstrap) {
        CompletableFuture<NettyRemotingChannel> current = table.get(addr);
        if (current != null && !isStale(current)) {
            return current;
        }
        CompletableFuture<NettyRemotingChannel> opening = new CompletableFuture<>();
        CompletableFuture<NettyRemotingChannel> winner = table.compute(addr,
                (key, existing) -> existing == null || isStale(existing) ? opening : existing);
        if (winner == opening) {
            connect(addr, bootstrap, opening);
        }
        return winner;
    }

    /** The connected channel if {@code connection} is open and active, else null. */
    static NettyRemotingChannel readyChannel(CompletableFuture<NettyRemotingChannel> connection) {
        if (!connection.isDone() || connection.isCompletedExceptionally()) {
            return null;
        }
        NettyRemotingChannel channel = connection.join();
        return channel.isActive() ? channel : null;
    }

    void close(String addr) {
        CompletableFuture<NettyRemotingChannel> connection = table.remove(addr);
        if (connection != null) {
            connection.thenAccept(NettyRemotingChannel::close);
        }
    }

    /** Closes every connection; returns the channels that were open. */
    List<Channel> closeAll() {
        List<Channel> closed = new ArrayList<>();
        for (String addr : List.copyOf(table.keySet())) {
            CompletableFuture<NettyRemotingChannel> connection = table.remove(addr);
            NettyRemotingChannel channel = connection == null ? null : readyChannel(connection);
            if (channel != null) {
                closed.add(channel.nettyChannel());
                channel.close();
            } else if (connection != null) {
                connection.thenAccept(NettyRemotingChannel::close);
            }
        }
        return closed;
    }

    private static boolean isStale(CompletableFuture<NettyRemotingChannel> connection) {
        return connection.isDone() && readyChannel(connection) == null;
    }

    private void connect(String addr, Bootstrap bootstrap, CompletableFuture<NettyRemotingChannel> opening) {
        ChannelFuture connecting;
        try {
            int colon = addr.lastIndexOf(':');
            if (colon <= 0 || colon == addr.length() - 1) {
                throw new IllegalArgumentException("address '" + addr + "' is not host:port");
            }
            String host = addr.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            connecting = bootstrap.connect(host, Integer.parseInt(addr.substring(colon + 1)));
        } catch (RuntimeException e) {
            table.remove(addr, opening);
            opening.completeExceptionally(e);
            return;
        }
        connecting.addListener((ChannelFuture done) -> {
            if (!done.isSuccess()) {
                table.remove(addr, opening);
                opening.completeExceptionally(done.cause());
                return;
            }
            Channel channel = done.channel();
            NettyRemotingChannel remoting = NettyRemotingChannel.of(channel);
            remoting.label(addr);
            channel.closeFuture().addListener(closed -> table.remove(addr, opening));
            opening.complete(remoting);
        });
    }
}
