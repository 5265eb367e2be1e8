package io.msgframe.remoting.transport;

import io.msgframe.remoting.ChannelEventListener;
import io.msgframe.remoting.NamedThreadFactory;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RemotingExecutors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Delivers connection events to {@link ChannelEventListener}s on one named thread, in the order they happened,
 * so a slow listener never holds up an event loop. The queue is bounded; an event that does not fit is logged
 * and dropped.
 */
public final class ChannelEventNotifier {
    private static final Logger log = LoggerFactory.getLogger(ChannelEventNotifier.class);
    private static final int QUEUE_CAPACITY = 100_000;

    private final List<ChannelEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor executor;

    public ChannelEventNotifier(String threadName) {
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(QUEUE_CAPACITY), new NamedThreadFactory(threadName, true));
    }

    public void addListener(ChannelEventListener listener) {
        listeners.add(listener);
    }

    void connected(RemotingChannel channel) {
        fire("connect", channel, (l, c) -> l.onConnect(c));
    }

    void closed(RemotingChannel channel) {
        fire("close", channel, (l, c) -> l.onClose(c));
    }

    void idle(RemotingChannel channel) {
        fire("idle", channel, (l, c) -> l.onIdle(c));
    }

    void exception(RemotingChannel channel, Throwable cause) {
        fire("exception", channel, (l, c) -> l.onException(c, cause));
    }

    public void shutdown() {
        RemotingExecutors.shutdown(executor, Duration.ofSeconds(3));
    }

    private void fire(String event, RemotingChannel channel, BiConsumer<ChannelEventListener, RemotingChannel> call) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> {
                for (ChannelEventListener listener : listeners) {
                    try {
                        call.accept(listener, channel);
                    } catch (RuntimeException e) {
                        log.warn("Channel listener {} failed on the {} event of {}", listener, event, channel, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Dropped the {} event of {}: the event queue is full or stopped", event, channel);
        }
    }
}
