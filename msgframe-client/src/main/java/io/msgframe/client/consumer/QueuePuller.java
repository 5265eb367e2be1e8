package io.msgframe.client.consumer;

import io.msgframe.client.internal.RemotingFailures;
import io.msgframe.protocol.body.SubscriptionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

/**
 * The pull loop of one queue of a {@link PushConsumer} (reference §7.2 step 6): resolves the start offset, then
 * long-polls from the pull position into the {@link ProcessQueue}, handing each non-empty batch to the dispatcher;
 * pauses 50 ms while the queue's cache is over its thresholds, 1 s after a failure; ends when the queue is dropped.
 * The next pull is issued as soon as the previous answer is handled (on the consumer's pull executor).
 */
final class QueuePuller {
    private static final Logger log = LoggerFactory.getLogger(QueuePuller.class);

    private final ProcessQueue queue;
    private final SubscriptionData subscription;
    private final PullApi pulls;
    private final ScheduledExecutorService executor;
    private final QueueFetcher.Settings settings;
    private final ToLongFunction<ProcessQueue> startOffset;
    private final BiConsumer<ProcessQueue, List<ReceivedMessage>> dispatch;
    private boolean started;
    private volatile boolean failing;

    QueuePuller(ProcessQueue queue, SubscriptionData subscription, PullApi pulls, ScheduledExecutorService executor,
                QueueFetcher.Settings settings, ToLongFunction<ProcessQueue> startOffset,
                BiConsumer<ProcessQueue, List<ReceivedMessage>> dispatch) {
        this.queue = queue;
        this.subscription = subscription;
        this.pulls = pulls;
        this.executor = executor;
        this.settings = settings;
        this.startOffset = startOffset;
        this.dispatch = dispatch;
    }

    /** Starts the loop once; later calls do nothing. */
    synchronized void start() {
        if (!started) {
            started = true;
            schedule(0);
        }
    }

    private void schedule(long delayMs) {
        if (queue.isDropped()) {
            return;
        }
        try {
            executor.schedule(this::pullOnce, delayMs, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // the executor stopped: the consumer is closing
        }
    }

    private void pullOnce() {
        if (queue.isDropped()) {
            return;
        }
        if (queue.overThresholds(settings.maxCount(), settings.maxBytes())) {
            schedule(QueueFetcher.FLOW_CONTROL_PAUSE_MS);
            return;
        }
        long offset = queue.nextPullOffset();
        if (offset < 0) {
            try {
                queue.started(startOffset.applyAsLong(queue));
            } catch (RuntimeException e) {
                failed("resolving the start offset", e);
                return;
            }
            offset = queue.nextPullOffset();
        }
        long from = offset;
        pulls.pull(new PullRequest(queue.queue(), subscription, from, settings.batchSize(), -1, settings.suspendMs()))
                .whenComplete((result, error) -> {
                    if (error != null) {
                        failed("pulling from offset " + from, error);
                    } else {
                        pulled(result, from);
                    }
                });
    }

    private void pulled(PullResult result, long from) {
        if (queue.isDropped()) {
            return;
        }
        if (failing) {
            failing = false;
            log.info("Pulls from {} succeed again", queue.queue());
        }
        if (result.status() == PullStatus.OFFSET_ILLEGAL) {
            log.warn("Offset {} of {} is outside [{}, {}]; continuing from {}", from, queue.queue(),
                    result.minOffset(), result.maxOffset(), result.nextBeginOffset());
        }
        queue.pulled(result.messages(), result.nextBeginOffset());
        if (!result.messages().isEmpty()) {
            dispatch.accept(queue, result.messages());
        }
        schedule(0);
    }

    private void failed(String what, Throwable error) {
        if (queue.isDropped()) {
            return;
        }
        if (!failing) {
            failing = true;
            log.warn("{} of {} failed, retrying every {} ms: {}", what, queue.queue(), QueueFetcher.ERROR_PAUSE_MS,
                    RemotingFailures.unwrap(error).getMessage());
        }
        schedule(QueueFetcher.ERROR_PAUSE_MS);
    }
}
