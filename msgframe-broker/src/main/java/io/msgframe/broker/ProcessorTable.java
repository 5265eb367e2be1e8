package io.msgframe.broker;

import io.msgframe.remoting.RemotingExecutors;
import io.msgframe.remoting.RemotingServer;
import io.msgframe.remoting.RemotingServerConfig;
import io.msgframe.remoting.RequestProcessor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.ToIntFunction;

/**
 * The broker's processor table: request code → processor, and the executor (one bounded pool per kind of
 * request) it runs on. Executors are created on first use of a kind, named {@code msgframe-<kind>-N}, sized by
 * the broker config, and stopped by {@link #shutdownExecutors} after the server.
 */
public final class ProcessorTable {
    public static final String SEND = RemotingServerConfig.SEND;
    public static final String PULL = RemotingServerConfig.PULL;
    public static final String ADMIN = RemotingServerConfig.ADMIN;
    public static final String HEARTBEAT = RemotingServerConfig.HEARTBEAT;
    public static final String QUERY = "query";
    public static final String CONSUMER_MANAGE = "consumerManage";
    private static final Duration EXECUTOR_STOP_WAIT = Duration.ofSeconds(5);

    private final RemotingServer server;
    private final ToIntFunction<String> threadsOf;
    private final Map<String, ThreadPoolExecutor> executors = new LinkedHashMap<>();
    private final Map<Integer, String> kinds = new LinkedHashMap<>();

    public ProcessorTable(RemotingServer server, ToIntFunction<String> threadsOf) {
        this.server = server;
        this.threadsOf = threadsOf;
    }

    /** Requests with {@code code} run {@code processor} on the executor of {@code executorKind}. */
    public synchronized void register(int code, RequestProcessor processor, String executorKind) {
        if (kinds.containsKey(code)) {
            throw new IllegalStateException("request code " + code + " is registered twice");
        }
        kinds.put(code, executorKind);
        server.registerProcessor(code, processor, executor(executorKind));
    }

    /** The executor of a kind of request, created on first use. */
    public synchronized ThreadPoolExecutor executor(String kind) {
        return executors.computeIfAbsent(kind, k -> RemotingExecutors.bounded(k, threadsOf.applyAsInt(k),
                server.config().queueCapacity(k)));
    }

    /** Requests waiting in the executor of a kind; 0 when that kind has no executor. */
    public synchronized int queueSize(String kind) {
        ThreadPoolExecutor executor = executors.get(kind);
        return executor == null ? 0 : executor.getQueue().size();
    }

    /** Whether a code has a processor, and of which kind; null when it has none. */
    public synchronized String kindOf(int code) {
        return kinds.get(code);
    }

    /** Stops every executor, in reverse order of creation, letting queued requests finish briefly. */
    public synchronized void shutdownExecutors() {
        List<ThreadPoolExecutor> reversed = new ArrayList<>(executors.values());
        java.util.Collections.reverse(reversed);
        for (ThreadPoolExecutor executor : reversed) {
            RemotingExecutors.shutdown(executor, EXECUTOR_STOP_WAIT);
        }
    }
}
