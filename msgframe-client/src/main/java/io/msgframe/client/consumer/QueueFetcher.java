package io.msgframe.client.consumer;

import io.msgframe.client.internal.RemotingFailures;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.SubscriptionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The pull loop and buffer of one owned queue (RocketMQ's process queue). Pulls (long polling) from the fetch
 * position into a bounded buffer and stops pulling while the buffer holds {@code maxCount} messages or
 * {@code maxBytes} body bytes (flow control, re-checked every 50 ms). {@link #take} hands buffered messages out and
 * moves the consumed position past them. A seek bumps the generation, so a pull answered for an older position is
 * dropped. Fields are guarded by {@code this}; pulls are started on the consumer's pull executor and completed on
 * I/O threads.
 */
final class QueueFetcher {
    private static final Logger log = LoggerFactory.getLogger(QueueFetcher.class);
    static final long FLOW_CONTROL_PAUSE_MS = 50;
    static final long ERROR_PAUSE_MS = 1_000;

    /** Settings shared by every queue of a consumer. */
    record Settings(int batchSize, long suspendMs, int maxCount, long maxBytes) {
    }

    private final MessageQueue queue;
    private final SubscriptionData subscription;
    private final PullApi pulls;
    private final ScheduledExecutorService executor;
    private final Settings settings;
    private final ToLongFunction<MessageQueue> startOffset;
    private final Runnable onMessages;
    private final ArrayDeque<ReceivedMessage> buffer = new ArrayDeque<>();
    private long bufferedBytes;
    /** Next offset to pull; -1 until the start offset is resolved. */
    private long fetchOffset = -1;
    /** Offset after the last message handed out by {@link #take} (what a commit stores); -1 when none yet. */
    private long consumedOffset = -1;
    /** {@link #consumedOffset} as of the last poll: what auto-commit may persist (at-least-once). */
    private long processedOffset = -1;
    private int generation;
    private boolean started;
    private boolean closed;
    private boolean failing;

    QueueFetcher(MessageQueue queue, SubscriptionData subscription, PullApi pulls, ScheduledExecutorService executor,
                 Settings settings, ToLongFunction<MessageQueue> startOffset, Runnable onMessages) {
        this.queue = queue;
        this.subscription = subscription;
        this.pulls = pulls;
        this.executor = executor;
        this.settings = settings;
        this.startOffset = startOffset;
        this.onMessages = onMessages;
    }

    MessageQueue queue() {
        return queue;
    }

    synchronized void start() {
        if (!started) {
            started = true;
            schedule(0, generation);
        }
    }

    /** Continues the pull loop of {@code loop} (a generation); a loop whose generation is stale ends. */
    private void schedule(long delayMs, int loop) {
        synchronized (this) {
            if (closed || loop != generation) {
                return;
            }
        }
        try {
            executor.schedule(() -> pullOnce(loop), delayMs, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // the executor stopped: the consumer is closing
        }
    }

    private void pullOnce(int loop) {
        long offset;
        synchronized (this) {
            if (closed || loop != generation) {
                return;
            }
            if (buffer.size() >= settings.maxCount() || bufferedBytes >= settings.maxBytes()) {
                schedule(FLOW_CONTROL_PAUSE_MS, loop);
                return;
            }
            offset = fetchOffset;
        }
        if (offset < 0) {
            try {
                offset = startOffset.applyAsLong(queue);
            } catch (RuntimeException e) {
                failed("resolving the start offset", e, loop);
                return;
            }
            synchronized (this) {
                if (loop != generation) {
                    return;
                }
                fetchOffset = offset;
                consumedOffset = Math.max(consumedOffset, offset);
                processedOffset = Math.max(processedOffset, offset);
            }
        }
        long from = offset;
        pulls.pull(new PullRequest(queue, subscription, from, settings.batchSize(), -1, settings.suspendMs()))
                .whenComplete((result, error) -> {
                    if (error != null) {
                        failed("pulling from offset " + from, error, loop);
                    } else {
                        pulled(result, loop);
                    }
                });
    }

    private void pulled(PullResult result, int loop) {
        boolean delivered = false;
        synchronized (this) {
            if (closed || loop != generation) {
                return;
            }
            if (failing) {
                failing = false;
                log.info("Pulls from {} succeed again", queue);
            }
            if (result.status() == PullStatus.OFFSET_ILLEGAL) {
                log.warn("Offset {} of {} is outside [{}, {}]; continuing from {}", fetchOffset, queue,
                        result.minOffset(), result.maxOffset(), result.nextBeginOffset());
            }
            for (ReceivedMessage message : result.messages()) {
                buffer.addLast(message);
                bufferedBytes += message.body().length;
                delivered = true;
            }
            fetchOffset = result.nextBeginOffset();
            if (buffer.isEmpty() && consumedOffset < fetchOffset && result.messages().isEmpty()) {
                consumedOffset = fetchOffset; // filtered-out entries count as consumed
            }
        }
        if (delivered) {
            onMessages.run();
        }
        schedule(0, loop);
    }

    private void failed(String what, Throwable error, int loop) {
        synchronized (this) {
            if (closed || loop != generation) {
                return;
            }
            if (!failing) {
                failing = true;
                log.warn("{} of {} failed, retrying every {} ms: {}", what, queue, ERROR_PAUSE_MS,
                        RemotingFailures.unwrap(error).getMessage());
            }
        }
        schedule(ERROR_PAUSE_MS, loop);
    }

    /** Moves up to {@code max} buffered messages to {@code out}; returns how many. */
    synchronized int take(List<ReceivedMessage> out, int max) {
        int taken = 0;
        while (taken < max && !buffer.isEmpty()) {
            ReceivedMessage message = buffer.pollFirst();
            bufferedBytes -= message.body().length;
            consumedOffset = message.queueOffset() + 1;
            out.add(message);
            taken++;
        }
        return taken;
    }

    synchronized boolean hasBuffered() {
        return !buffer.isEmpty();
    }

    /** Offset after the last message handed out, or -1 before the start offset is known. */
    synchronized long consumedOffset() {
        return consumedOffset;
    }

    /** Marks everything handed out so far as processed (the application polls again); returns that offset. */
    synchronized long markProcessed() {
        processedOffset = consumedOffset;
        return processedOffset;
    }

    synchronized long processedOffset() {
        return processedOffset;
    }

    /**
     * Drops the buffer and continues from {@code offset} with a new pull loop at once; the answer to a pull under
     * way for the old position (perhaps held by the broker) is ignored and ends the old loop.
     */
    synchronized void seek(long offset) {
        generation++;
        buffer.clear();
        bufferedBytes = 0;
        fetchOffset = offset;
        consumedOffset = offset;
        started = true;
        schedule(0, generation);
    }

    /** Stops pulling; the buffer is dropped. */
    synchronized void close() {
        closed = true;
        buffer.clear();
        bufferedBytes = 0;
    }
}
