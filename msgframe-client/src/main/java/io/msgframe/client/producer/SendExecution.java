package io.msgframe.client.producer;

import io.msgframe.client.BrokerConnectionException;
import io.msgframe.client.BrokerException;
import io.msgframe.client.BrokerResponseException;
import io.msgframe.client.SendFailedException;
import io.msgframe.client.internal.RemotingFailures;
import io.msgframe.client.route.PublishQueues;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.remoting.RemotingClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One send, as a chain of attempts (reference §7.1): choose a queue, send to its master within what is left of the
 * send timeout, and on a failure the {@link RetryPolicy} allows, try again on another broker. Every attempt's
 * latency or failure goes to the fault table. Completes with the result, or with a {@link SendFailedException}
 * listing every attempt. Non-blocking: later attempts start from the I/O thread that saw the previous failure.
 */
final class SendExecution<R> {

    /** Which failures lead to another attempt, and how many attempts in all. */
    record RetryPolicy(int maxAttempts, boolean retryBrokerErrors) {
        /** Sync sends: transport failures and {@link SendResponses#RETRY_CODES}. */
        static RetryPolicy sync(int retries) {
            return new RetryPolicy(1 + retries, true);
        }

        /** Async sends: transport failures only, as RocketMQ does. */
        static RetryPolicy async(int retries) {
            return new RetryPolicy(1 + retries, false);
        }

        static RetryPolicy once() {
            return new RetryPolicy(1, false);
        }

        boolean retries(BrokerException failure) {
            return failure.isTransportFailure() || (retryBrokerErrors && failure instanceof BrokerResponseException r
                    && SendResponses.RETRY_CODES.contains(r.responseCode()));
        }
    }

    /** Reads a response into the result; throws {@link BrokerResponseException} for a refusal. */
    interface ResponseReader<R> {
        R read(RemotingCommand response, MessageQueue queue, String addr, int requestCode);
    }

    private final RemotingClient remoting;
    private final LatencyFaultTable faults;
    private final PublishQueues publish;
    private final Function<String, MessageQueue> queueFor;
    private final Function<MessageQueue, RemotingCommand> requestFor;
    private final ResponseReader<R> reader;
    private final RetryPolicy policy;
    private final long timeoutMs;
    private final long deadlineNanos;
    private final List<BrokerException> attempts = new ArrayList<>();
    private final CompletableFuture<R> result = new CompletableFuture<>();
    private String lastFailedBroker;

    /**
     * @param queueFor   the queue of the next attempt, given the broker of the previous failed one (or null)
     * @param requestFor the request to send to a queue (a new command per attempt: the opaque differs)
     */
    SendExecution(RemotingClient remoting, LatencyFaultTable faults, PublishQueues publish,
                  Function<String, MessageQueue> queueFor, Function<MessageQueue, RemotingCommand> requestFor,
                  ResponseReader<R> reader, RetryPolicy policy, long timeoutMs) {
        this.remoting = remoting;
        this.faults = faults;
        this.publish = publish;
        this.queueFor = queueFor;
        this.requestFor = requestFor;
        this.reader = reader;
        this.policy = policy;
        this.timeoutMs = timeoutMs;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    CompletableFuture<R> start() {
        attempt();
        return result;
    }

    private void attempt() {
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remainingMs <= 0) {
            fail(true);
            return;
        }
        MessageQueue queue;
        RemotingCommand request;
        try {
            queue = queueFor.apply(lastFailedBroker);
            request = requestFor.apply(queue);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        String brokerName = queue.brokerName();
        String addr = publish.masterAddr(brokerName);
        if (addr == null) {
            failed(new BrokerConnectionException(brokerName, "unknown address", request.code(),
                    "the route names no master for this broker", null));
            return;
        }
        long startNanos = System.nanoTime();
        remoting.invokeAsync(addr, request, remainingMs).whenComplete((response, error) -> {
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            if (error != null) {
                if (faults != null) {
                    faults.recordFailure(brokerName);
                }
                failed(RemotingFailures.toBrokerException(error, brokerName, addr, request.code(), remainingMs));
                return;
            }
            if (faults != null) {
                faults.recordLatency(brokerName, latencyMs);
            }
            try {
                result.complete(reader.read(response, queue, addr, request.code()));
            } catch (BrokerException e) {
                failed(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    private void failed(BrokerException failure) {
        attempts.add(failure);
        if (policy.retries(failure) && attempts.size() < policy.maxAttempts()) {
            lastFailedBroker = failure.brokerName();
            attempt();
        } else {
            fail(false);
        }
    }

    private void fail(boolean timedOut) {
        result.completeExceptionally(new SendFailedException(publish.topic(), attempts, timedOut, timeoutMs));
    }
}
