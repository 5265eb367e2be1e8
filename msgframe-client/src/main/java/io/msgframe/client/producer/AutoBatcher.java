package io.msgframe.client.producer;

import io.msgframe.remoting.NamedThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Automatic batching of async sends: one thread ({@code msgframe-producer-batcher-N}) collects messages per topic
 * and hands a batch to the sender when it holds {@code maxMessages}, when the next message would take it over
 * {@code maxBytes}, or {@code lingerMs} after its first message arrived. The sender completes each message's
 * future on its own. On {@link #close()} what is collected is sent before the thread ends.
 */
final class AutoBatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AutoBatcher.class);
    private static final NamedThreadFactory THREADS = new NamedThreadFactory("msgframe-producer-batcher", true);
    private static final long IDLE_POLL_MS = 100;

    /** A message waiting for its batch, and the future of its send. */
    record Pending(PreparedMessage message, CompletableFuture<SendResult> future) {
    }

    /** Sends one batch of messages to one topic and completes their futures. */
    interface BatchSender {
        void send(String topic, List<Pending> batch);
    }

    private final ProducerConfig.AutoBatch config;
    private final BatchSender sender;
    private final LinkedBlockingQueue<Pending> incoming = new LinkedBlockingQueue<>();
    private final Map<String, Batch> open = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private static final class Batch {
        final List<Pending> messages = new ArrayList<>();
        final long deadlineNanos;
        int bytes;

        Batch(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }

    AutoBatcher(ProducerConfig.AutoBatch config, BatchSender sender) {
        this.config = config;
        this.sender = sender;
        this.thread = THREADS.newThread(this::run);
        thread.start();
    }

    void submit(PreparedMessage message, CompletableFuture<SendResult> future) {
        if (!running) {
            throw new IllegalStateException("the producer is closed");
        }
        incoming.add(new Pending(message, future));
    }

    private void run() {
        while (running || !incoming.isEmpty()) {
            try {
                Pending next = incoming.poll(waitMs(), TimeUnit.MILLISECONDS);
                if (next != null) {
                    add(next);
                }
                flushExpired(false);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                log.error("Batcher failed; continuing", e);
            }
        }
        flushExpired(true);
    }

    private void add(Pending pending) {
        String topic = pending.message().topic();
        int size = pending.message().batchEntryBytes();
        Batch batch = open.get(topic);
        if (batch != null && batch.bytes + size > config.maxBytes()) {
            flush(topic, open.remove(topic));
            batch = null;
        }
        if (batch == null) {
            batch = new Batch(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.lingerMs()));
            open.put(topic, batch);
        }
        batch.messages.add(pending);
        batch.bytes += size;
        if (batch.messages.size() >= config.maxMessages()) {
            flush(topic, open.remove(topic));
        }
    }

    private void flushExpired(boolean all) {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<String, Batch>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Batch> entry = it.next();
            if (all || now - entry.getValue().deadlineNanos >= 0) {
                it.remove();
                flush(entry.getKey(), entry.getValue());
            }
        }
    }

    private void flush(String topic, Batch batch) {
        try {
            sender.send(topic, batch.messages);
        } catch (RuntimeException e) {
            batch.messages.forEach(p -> p.future().completeExceptionally(e));
        }
    }

    private long waitMs() {
        long now = System.nanoTime();
        long wait = IDLE_POLL_MS;
        for (Batch batch : open.values()) {
            wait = Math.min(wait, TimeUnit.NANOSECONDS.toMillis(batch.deadlineNanos - now));
        }
        return Math.max(0, wait);
    }

    /** Sends what is collected, then stops the thread (waits up to 10 s). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
