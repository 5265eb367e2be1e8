package io.msgframe.remoting.transport;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.RemotingChannelClosedException;
import io.msgframe.remoting.RemotingException;
import io.msgframe.remoting.RemotingTimeoutException;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The requests one connection sent and still waits for, by opaque. Each entry leaves the table exactly once: by
 * its response, its timeout (a task on the channel's event loop), a send failure, or the connection closing —
 * whichever removes it first completes its future.
 */
final class PendingRequests {
    private static final Logger log = LoggerFactory.getLogger(PendingRequests.class);

    private final Map<Integer, Pending> table = new ConcurrentHashMap<>();
    private final Supplier<String> address;

    private record Pending(int code, CompletableFuture<RemotingCommand> future, long timeoutMs) {
    }

    PendingRequests(Supplier<String> address) {
        this.address = address;
    }

    CompletableFuture<RemotingCommand> register(int opaque, int code, long timeoutMs, EventLoop timer) {
        Pending pending = new Pending(code, new CompletableFuture<>(), timeoutMs);
        Pending replaced = table.put(opaque, pending);
        if (replaced != null) { // the counter wrapped onto a request 2^32 ids old: it can only have been lost
            replaced.future.completeExceptionally(new RemotingTimeoutException(address.get(), replaced.code,
                    replaced.timeoutMs));
        }
        try {
            ScheduledFuture<?> timeout = timer.schedule(() -> expire(opaque, pending), timeoutMs,
                    TimeUnit.MILLISECONDS);
            pending.future.whenComplete((response, error) -> timeout.cancel(false));
        } catch (RejectedExecutionException e) { // the event loop is shutting down: so is the connection
            fail(opaque, new RemotingChannelClosedException(address.get(), code));
        }
        return pending.future;
    }

    /** Completes the request {@code response} answers; false when none waits for it (late or unknown). */
    boolean complete(RemotingCommand response) {
        Pending pending = table.remove(response.opaque());
        if (pending == null) {
            return false;
        }
        pending.future.complete(response);
        return true;
    }

    void fail(int opaque, RemotingException cause) {
        Pending pending = table.remove(opaque);
        if (pending != null) {
            pending.future.completeExceptionally(cause);
        }
    }

    /** The connection closed: every waiting request fails now rather than at its timeout. */
    void failAll() {
        List<Map.Entry<Integer, Pending>> entries = new ArrayList<>(table.entrySet());
        for (Map.Entry<Integer, Pending> e : entries) {
            if (table.remove(e.getKey(), e.getValue())) {
                e.getValue().future.completeExceptionally(
                        new RemotingChannelClosedException(address.get(), e.getValue().code));
            }
        }
    }

    int size() {
        return table.size();
    }

    private void expire(int opaque, Pending pending) {
        if (table.remove(opaque, pending)) {
            log.debug("Request code {} (opaque {}) to {} timed out after {} ms", pending.code, opaque,
                    address.get(), pending.timeoutMs);
            pending.future.completeExceptionally(new RemotingTimeoutException(address.get(), pending.code,
                    pending.timeoutMs));
        }
    }
}
