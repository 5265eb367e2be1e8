package io.msgframe.client.consumer;

import io.msgframe.client.internal.RemotingFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Orderly consumption: at most one consume loop per queue runs on the pool, holding the queue's
 * {@code consumeLock}; it hands the queue's messages to the listener one at a time in offset order, only while the
 * queue's broker lock is held and not expired. A failure (SUSPEND_CURRENT_QUEUE_A_MOMENT or an exception) stops the
 * queue for the suspend time and delivers the same message again; after {@code maxReconsumeTimes} failures the
 * message goes to {@code %DLQ%<group>} through the {@link RetrySender} (broadcasting: dropped) and the queue moves
 * on. A loop yields after {@value #MESSAGES_PER_RUN} messages so that other queues get the threads.
 */
final class OrderlyDispatcher implements ConsumeDispatcher {
    private static final Logger log = LoggerFactory.getLogger(OrderlyDispatcher.class);
    static final int MESSAGES_PER_RUN = 32;

    private final MessageListenerOrderly listener;
    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private final Predicate<ProcessQueue> locked;
    private final RetrySender retries;
    private final OffsetStore offsets;
    private final int maxReconsumeTimes;
    private final long suspendMs;
    private volatile boolean stopped;

    /**
     * @param locked  whether the queue's broker lock is held now (always true in broadcasting mode)
     * @param retries null in broadcasting mode: messages that exhaust their attempts are logged and dropped
     */
    OrderlyDispatcher(MessageListenerOrderly listener, ExecutorService pool, ScheduledExecutorService scheduler,
                      Predicate<ProcessQueue> locked, RetrySender retries, OffsetStore offsets,
                      int maxReconsumeTimes, long suspendMs) {
        this.listener = listener;
        this.pool = pool;
        this.scheduler = scheduler;
        this.locked = locked;
        this.retries = retries;
        this.offsets = offsets;
        this.maxReconsumeTimes = maxReconsumeTimes;
        this.suspendMs = suspendMs;
    }

    @Override
    public void dispatch(ProcessQueue queue, List<ReceivedMessage> messages) {
        wake(queue);
    }

    @Override
    public void wake(ProcessQueue queue) {
        if (stopped || queue.isDropped() || !queue.claimRun()) {
            return;
        }
        try {
            pool.execute(() -> run(queue));
        } catch (RejectedExecutionException e) {
            queue.releaseRun();
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    private void run(ProcessQueue queue) {
        long suspend = 0;
        queue.consumeLock().lock();
        try {
            for (int i = 0; i < MESSAGES_PER_RUN; i++) {
                if (stopped || queue.isDropped() || !locked.test(queue)) {
                    break;
                }
                ReceivedMessage message = queue.head();
                if (message == null) {
                    break;
                }
                if (consume(queue, message) != ConsumeOrderlyStatus.SUCCESS) {
                    suspend = suspendMs;
                    break;
                }
            }
        } finally {
            queue.consumeLock().unlock();
            queue.releaseRun();
        }
        if (suspend > 0) {
            try {
                scheduler.schedule(() -> wake(queue), suspend, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closing
            }
        } else if (queue.cachedCount() > 0 && locked.test(queue)) {
            wake(queue);
        }
    }

    /** Consumes the head message; SUCCESS when it left the queue (consumed, or dead-lettered). */
    private ConsumeOrderlyStatus consume(ProcessQueue queue, ReceivedMessage message) {
        ConsumeOrderlyStatus status;
        try {
            status = listener.consume(RetrySender.forListener(message, queue.headFailures()));
        } catch (Throwable t) {
            log.warn("Orderly listener of {} threw on offset {}; suspending the queue {} ms", queue.queue(),
                    message.queueOffset(), suspendMs, t);
            status = ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
        }
        if (status != ConsumeOrderlyStatus.SUCCESS) {
            int failures = queue.failHead();
            if (failures < maxReconsumeTimes || !deadLetter(queue, message, failures)) {
                return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
            }
        }
        queue.resetHeadFailures();
        long commit = queue.remove(List.of(message));
        if (!queue.isDropped() && commit >= 0) {
            offsets.update(queue.queue(), commit);
        }
        return ConsumeOrderlyStatus.SUCCESS;
    }

    private boolean deadLetter(ProcessQueue queue, ReceivedMessage message, int failures) {
        if (retries == null) {
            log.warn("Message {} at {} offset {} failed {} times in broadcasting mode and is dropped",
                    message.msgId(), queue.queue(), message.queueOffset(), failures);
            return true;
        }
        try {
            retries.sendBack(message, message.reconsumeTimes() + failures);
            log.warn("Message {} at {} offset {} failed {} times and went to the dead-letter topic", message.msgId(),
                    queue.queue(), message.queueOffset(), failures);
            return true;
        } catch (RuntimeException e) {
            log.warn("Message {} at {} offset {} could not be dead-lettered ({}); retrying it", message.msgId(),
                    queue.queue(), message.queueOffset(), RemotingFailures.unwrap(e).getMessage());
            return false;
        }
    }
}
