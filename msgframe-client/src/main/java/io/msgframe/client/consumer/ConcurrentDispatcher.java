package io.msgframe.client.consumer;

import io.msgframe.client.internal.RemotingFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Concurrent consumption: pulled messages are cut into batches of {@code batchSize} and consumed in parallel on the
 * consume pool. A failed batch (RECONSUME_LATER or an exception) is sent back message by message through the
 * {@link RetrySender} (clustering; broadcasting drops it, as RocketMQ does); a message that cannot be sent back is
 * consumed again locally after 5 s. A message leaves its {@link ProcessQueue} once done or sent back, and the
 * queue's commit offset is updated — unless the queue was dropped meanwhile (its new owner delivers it again).
 */
final class ConcurrentDispatcher implements ConsumeDispatcher {
    private static final Logger log = LoggerFactory.getLogger(ConcurrentDispatcher.class);
    static final long LOCAL_RETRY_MS = 5_000;

    private final MessageListenerConcurrently listener;
    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private final int batchSize;
    private final RetrySender retries;
    private final OffsetStore offsets;
    private volatile boolean stopped;

    /** @param retries null in broadcasting mode: failed messages are logged and dropped */
    ConcurrentDispatcher(MessageListenerConcurrently listener, ExecutorService pool,
                         ScheduledExecutorService scheduler, int batchSize, RetrySender retries,
                         OffsetStore offsets) {
        this.listener = listener;
        this.pool = pool;
        this.scheduler = scheduler;
        this.batchSize = batchSize;
        this.retries = retries;
        this.offsets = offsets;
    }

    @Override
    public void dispatch(ProcessQueue queue, List<ReceivedMessage> messages) {
        for (int i = 0; i < messages.size(); i += batchSize) {
            List<ReceivedMessage> batch = List.copyOf(messages.subList(i, Math.min(messages.size(), i + batchSize)));
            submit(queue, batch, 0);
        }
    }

    @Override
    public void wake(ProcessQueue queue) {
    }

    @Override
    public void stop() {
        stopped = true;
    }

    private void submit(ProcessQueue queue, List<ReceivedMessage> batch, long delayMs) {
        try {
            if (delayMs == 0) {
                pool.execute(() -> consume(queue, batch));
            } else {
                scheduler.schedule(() -> submit(queue, batch, 0), delayMs, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            // closing: the batch stays cached, so the committed offset stays before it
        }
    }

    private void consume(ProcessQueue queue, List<ReceivedMessage> batch) {
        if (stopped || queue.isDropped()) {
            return;
        }
        List<ReceivedMessage> views = new ArrayList<>(batch.size());
        batch.forEach(m -> views.add(RetrySender.forListener(m, 0)));
        ConsumeConcurrentlyStatus status;
        try {
            status = listener.consume(views);
        } catch (Throwable t) {
            log.warn("Listener of {} threw on {} message(s) from offset {}; they will be consumed again",
                    queue.queue(), batch.size(), batch.get(0).queueOffset(), t);
            status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
        }
        List<ReceivedMessage> done = batch;
        if (status != ConsumeConcurrentlyStatus.CONSUME_SUCCESS) {
            done = sendBack(queue, batch);
        }
        long commit = queue.remove(done);
        if (!queue.isDropped() && commit >= 0) {
            offsets.update(queue.queue(), commit);
        }
    }

    /** Sends each message back; returns those that left the queue, and retries the others locally. */
    private List<ReceivedMessage> sendBack(ProcessQueue queue, List<ReceivedMessage> batch) {
        if (retries == null) {
            log.warn("{} message(s) of {} failed in broadcasting mode and are dropped (from offset {})",
                    batch.size(), queue.queue(), batch.get(0).queueOffset());
            return batch;
        }
        List<ReceivedMessage> sent = new ArrayList<>(batch.size());
        List<ReceivedMessage> local = new ArrayList<>();
        for (ReceivedMessage message : batch) {
            try {
                retries.sendBack(message, message.reconsumeTimes() + 1);
                sent.add(message);
            } catch (RuntimeException e) {
                log.warn("Message {} of {} could not be sent back ({}); consuming it again in {} ms", message.msgId(),
                        queue.queue(), RemotingFailures.unwrap(e).getMessage(), LOCAL_RETRY_MS);
                local.add(message);
            }
        }
        if (!local.isEmpty()) {
            submit(queue, local, LOCAL_RETRY_MS);
        }
        return sent;
    }
}
