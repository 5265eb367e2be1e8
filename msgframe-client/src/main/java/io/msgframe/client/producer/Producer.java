package io.msgframe.client.producer;

import io.msgframe.client.BrokerConnectionException;
import io.msgframe.client.MsgFrameClient;
import io.msgframe.client.MsgFrameClientException;
import io.msgframe.client.internal.LocalAddress;
import io.msgframe.client.internal.RemotingFailures;
import io.msgframe.client.producer.SendExecution.RetryPolicy;
import io.msgframe.client.route.PublishQueues;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.message.UniqueIdGenerator;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.RemotingException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends messages to MsgFrame (or RocketMQ) brokers, as RocketMQ's {@code DefaultMQProducer} does on the wire
 * (reference §7.1): sync sends with retries on another broker, async (future or callback) and oneway sends, batches,
 * ordered sends through a {@link MessageQueueSelector}, and optional automatic batching of async sends.
 * Thread-safe; build with {@link #builder(String)}, which starts it; {@link #close()} stops it.
 *
 * <p>Every failure is a {@link MsgFrameClientException}: {@link io.msgframe.client.InvalidMessageException} before
 * sending (size, topic name), {@link io.msgframe.client.RouteNotFoundException} /
 * {@link io.msgframe.client.NameServerException} for routes, and {@link io.msgframe.client.SendFailedException}
 * naming every attempt (broker, address, request, response code and remark, or timeout).
 */
public final class Producer implements AutoCloseable {
    private static final long SYNC_GRACE_MS = 1_000;

    private final ProducerConfig config;
    private final MsgFrameClient client;
    private final MessageEncoder encoder;
    private final QueueChooser chooser;
    private final AutoBatcher batcher;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Producer(ProducerConfig config) {
        this.config = config;
        this.encoder = new MessageEncoder(config.group(), config.compressThresholdBytes(), config.compressLevel(),
                config.maxMessageBytes(), new UniqueIdGenerator(LocalAddress.get(), config.clock()), config.clock());
        this.chooser = new QueueChooser(config.faultAvoidance()
                ? new LatencyFaultTable(config.clock(), config.faultBackoffMs()) : null);
        this.client = MsgFrameClient.shared(config.client());
        try {
            client.registerProducer(config.group());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        this.batcher = config.autoBatch().enabled() ? new AutoBatcher(config.autoBatch(), this::sendAutoBatch) : null;
    }

    public static ProducerBuilder builder(String group) {
        return new ProducerBuilder(group);
    }

    public ProducerConfig config() {
        return config;
    }

    /** The id of the client instance this producer uses ({@code ip@instanceName}). */
    public String clientId() {
        return client.clientId();
    }

    /** The writable queues of {@code topic}, as a {@link MessageQueueSelector} sees them. */
    public List<MessageQueue> publishQueues(String topic) {
        return client.routes().publishQueues(topic).queues();
    }

    /** Sends and waits; retries on another broker up to {@code retries} times within the send timeout. */
    public SendResult send(Message message) {
        PreparedMessage prepared = encoder.prepare(message, true);
        return await(dispatch(prepared, RetryPolicy.sync(config.retries())));
    }

    /**
     * Sends a batch as one SEND_BATCH_MESSAGE and waits: one topic, no delay, each message its own UNIQ_KEY,
     * bodies not compressed. The result's {@code msgId} and {@code offsetMsgId} list every message's id joined by
     * {@code ,}; {@code queueOffset} is the first message's (the others follow densely).
     */
    public SendResult send(Collection<Message> batch) {
        checkOpen();
        List<PreparedMessage> prepared = new ArrayList<>(batch.size());
        batch.forEach(m -> prepared.add(encoder.prepare(m, false)));
        byte[] body = encoder.batchBody(prepared);
        String msgIds = String.join(",", prepared.stream().map(PreparedMessage::uniqKey).toList());
        String topic = prepared.get(0).topic();
        PublishQueues publish = client.routes().publishQueues(topic);
        return await(track(new SendExecution<>(client.remoting(), chooser.faults(), publish,
                avoid -> chooser.choose(publish, avoid), queue -> encoder.batch(topic, body, queue),
                (response, queue, addr, code) -> SendResponses.single(response, queue, addr, code, msgIds),
                RetryPolicy.sync(config.retries()), config.sendTimeoutMs()).start()));
    }

    /**
     * Ordered send: the selector picks the queue among {@link #publishQueues}; equal selections keep send order.
     * Not retried on another queue (that would break the order).
     */
    public SendResult send(Message message, MessageQueueSelector selector, Object arg) {
        PreparedMessage prepared = encoder.prepare(message, true);
        checkOpen();
        PublishQueues publish = client.routes().publishQueues(message.topic());
        MessageQueue chosen = selector.select(publish.queues(), message, arg);
        if (chosen == null || !publish.queues().contains(chosen)) {
            throw new MsgFrameClientException("the selector chose " + chosen + ", which is not a writable queue of "
                    + "topic '" + message.topic() + "'");
        }
        return await(execute(prepared, publish, avoid -> chosen, RetryPolicy.once()));
    }

    /**
     * Sends without waiting; the future completes on a client callback thread. Retries transport failures on
     * another broker. With automatic batching on, small messages wait up to the linger time to share a request.
     */
    public CompletableFuture<SendResult> sendAsync(Message message) {
        try {
            checkOpen();
            if (batcher != null && !message.isDelayed()
                    && message.body().length < config.compressThresholdBytes()) {
                PreparedMessage prepared = encoder.prepare(message, false);
                if (prepared.batchEntryBytes() <= config.autoBatch().maxBytes()) {
                    CompletableFuture<SendResult> future = new CompletableFuture<>();
                    batcher.submit(prepared, future);
                    return onCallbackThread(future);
                }
                return onCallbackThread(dispatch(prepared, RetryPolicy.async(config.retries())));
            }
            return onCallbackThread(dispatch(encoder.prepare(message, true), RetryPolicy.async(config.retries())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link #sendAsync(Message)} with a callback, always run on a client callback thread. */
    public void sendAsync(Message message, SendCallback callback) {
        // whenCompleteAsync: a future already complete (e.g. a local failure) must not run the callback on the
        // caller's thread
        sendAsync(message).whenCompleteAsync((result, error) -> {
            if (error != null) {
                callback.onException(RemotingFailures.unwrap(error));
            } else {
                callback.onSuccess(result);
            }
        }, client.callbackExecutor());
    }

    /** Sends without asking for an answer: no result, no retry; only local failures (route, size) are thrown. */
    public void sendOneway(Message message) {
        PreparedMessage prepared = encoder.prepare(message, true);
        checkOpen();
        PublishQueues publish = client.routes().publishQueues(message.topic());
        MessageQueue queue = chooser.choose(publish, null);
        String addr = publish.masterAddr(queue.brokerName());
        RemotingCommand request = encoder.single(prepared, queue);
        try {
            client.remoting().invokeOneway(addr, request);
        } catch (RemotingException e) {
            throw new BrokerConnectionException(queue.brokerName(), addr, request.code(), e.getMessage(), e);
        }
    }

    private CompletableFuture<SendResult> dispatch(PreparedMessage prepared, RetryPolicy policy) {
        checkOpen();
        PublishQueues publish = client.routes().publishQueues(prepared.topic());
        return execute(prepared, publish, avoid -> chooser.choose(publish, avoid), policy);
    }

    private CompletableFuture<SendResult> execute(PreparedMessage prepared, PublishQueues publish,
                                                  java.util.function.Function<String, MessageQueue> queueFor,
                                                  RetryPolicy policy) {
        return track(new SendExecution<>(client.remoting(), chooser.faults(), publish, queueFor,
                queue -> encoder.single(prepared, queue),
                (response, queue, addr, code) -> SendResponses.single(response, queue, addr, code,
                        prepared.uniqKey()), policy, config.sendTimeoutMs()).start());
    }

    /** The batcher's sender: one SEND_BATCH_MESSAGE, then each message's future with its own offset and ids. */
    private void sendAutoBatch(String topic, List<AutoBatcher.Pending> batch) {
        List<PreparedMessage> messages = batch.stream().map(AutoBatcher.Pending::message).toList();
        byte[] body = encoder.batchBody(messages);
        List<String> uniqKeys = messages.stream().map(PreparedMessage::uniqKey).toList();
        PublishQueues publish = client.routes().publishQueues(topic);
        track(new SendExecution<>(client.remoting(), chooser.faults(), publish,
                avoid -> chooser.choose(publish, avoid), queue -> encoder.batch(topic, body, queue),
                (response, queue, addr, code) -> SendResponses.perMessage(response, queue, addr, code, uniqKeys),
                RetryPolicy.async(config.retries()), config.sendTimeoutMs()).start())
                .whenComplete((results, error) -> {
                    for (int i = 0; i < batch.size(); i++) {
                        if (error != null) {
                            batch.get(i).future().completeExceptionally(RemotingFailures.unwrap(error));
                        } else {
                            batch.get(i).future().complete(results.get(i));
                        }
                    }
                });
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> future) {
        inFlight.add(future);
        future.whenComplete((r, e) -> inFlight.remove(future));
        return future;
    }

    private <T> CompletableFuture<T> onCallbackThread(CompletableFuture<T> future) {
        CompletableFuture<T> out = new CompletableFuture<>();
        future.whenCompleteAsync((result, error) -> {
            if (error != null) {
                out.completeExceptionally(RemotingFailures.unwrap(error));
            } else {
                out.complete(result);
            }
        }, client.callbackExecutor());
        return out;
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(config.sendTimeoutMs() + SYNC_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = RemotingFailures.unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new MsgFrameClientException("send failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new MsgFrameClientException("send did not complete within the send timeout of "
                    + config.sendTimeoutMs() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MsgFrameClientException("interrupted while waiting for a send", e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("producer of group '" + config.group() + "' is closed");
        }
    }

    /**
     * Sends what automatic batching holds, waits for sends under way (up to the send timeout), unregisters the
     * group from the brokers and gives back the client instance. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (batcher != null) {
            batcher.close();
        }
        CompletableFuture<?>[] pending = inFlight.toArray(new CompletableFuture<?>[0]);
        try {
            CompletableFuture.allOf(pending).get(config.sendTimeoutMs() + SYNC_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // failures were reported to their senders; a send still under way fails when the connections close
        }
        client.unregisterProducer(config.group());
        client.close();
    }
}
