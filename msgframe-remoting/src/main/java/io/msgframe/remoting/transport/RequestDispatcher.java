package io.msgframe.remoting.transport;

import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The processor table: request code → processor and the executor it runs on. Dispatching runs on the event loop
 * and never blocks it: it only looks the code up and hands the request to the executor. Every request that is
 * not oneway gets exactly one response (reference §1.9): the processor's, REQUEST_CODE_NOT_SUPPORTED for an
 * unknown code, SYSTEM_BUSY when the processor or its executor refuses, or an error response when processing
 * throws.
 */
public final class RequestDispatcher {
    public static final String BUSY_REMARK = "[REJECTREQUEST]system busy, start flow control for a while";
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);
    /** Log the first rejection and then one line per this many, so a flood does not flood the log too. */
    private static final long REJECTION_LOG_EVERY = 10_000;

    private record Registration(RequestProcessor processor, ExecutorService executor) {
    }

    private final Map<Integer, Registration> table = new ConcurrentHashMap<>();
    private volatile Registration fallback;
    private final AtomicLong rejected = new AtomicLong();

    public void register(int code, RequestProcessor processor, ExecutorService executor) {
        table.put(code, new Registration(Objects.requireNonNull(processor), Objects.requireNonNull(executor)));
    }

    /** Serves every code without a processor of its own. */
    public void registerDefault(RequestProcessor processor, ExecutorService executor) {
        fallback = new Registration(Objects.requireNonNull(processor), Objects.requireNonNull(executor));
    }

    /** Requests refused with SYSTEM_BUSY since start. */
    public long rejectedCount() {
        return rejected.get();
    }

    void dispatch(NettyRemotingChannel channel, RemotingCommand request) {
        Registration registration = table.get(request.code());
        if (registration == null) {
            registration = fallback;
        }
        if (registration == null) {
            log.warn("Request code {} from {} is not supported", request.code(), channel.remoteAddress());
            answer(channel, request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
            return;
        }
        if (registration.processor.rejectRequest()) {
            reject(channel, request, "its processor refuses requests for now");
            return;
        }
        try {
            Registration chosen = registration;
            registration.executor.execute(() -> process(chosen.processor, channel, request));
        } catch (RejectedExecutionException e) {
            reject(channel, request, "its executor is full or stopped");
        }
    }

    private void reject(NettyRemotingChannel channel, RemotingCommand request, String why) {
        long count = rejected.incrementAndGet();
        if (count == 1 || count % REJECTION_LOG_EVERY == 0) {
            log.warn("Answering SYSTEM_BUSY to request code {} from {}: {} ({} requests refused so far)",
                    request.code(), channel.remoteAddress(), why, count);
        }
        answer(channel, request, ResponseCode.SYSTEM_BUSY, BUSY_REMARK);
    }

    private static void process(RequestProcessor processor, NettyRemotingChannel channel, RemotingCommand request) {
        RemotingCommand response;
        try {
            response = processor.process(channel, request);
        } catch (ProtocolException e) {
            log.debug("Request code {} from {} refused: {}", request.code(), channel.remoteAddress(), e.getMessage());
            answer(channel, request, e.responseCode(), e.getMessage());
            return;
        } catch (Throwable t) {
            log.warn("Processing request code {} from {} failed", request.code(), channel.remoteAddress(), t);
            answer(channel, request, ResponseCode.SYSTEM_ERROR, t.toString());
            if (t instanceof VirtualMachineError error) {
                throw error;
            }
            return;
        }
        if (response == null) {
            return; // answered later through the channel, or oneway
        }
        if (request.isOneway()) {
            response.bodyWritten(); // never sent: release a zero-copy body now
            return;
        }
        response.opaque(request.opaque());
        channel.writeResponse(response);
    }

    private static void answer(NettyRemotingChannel channel, RemotingCommand request, int code, String remark) {
        if (!request.isOneway()) {
            channel.writeResponse(RemotingCommand.responseTo(request, code, remark));
        }
    }
}
