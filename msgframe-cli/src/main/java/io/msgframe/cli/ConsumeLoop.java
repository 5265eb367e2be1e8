package io.msgframe.cli;

import io.msgframe.cli.TopicQueues.BrokerQueue;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The pull side of {@code msgframe consume}: one long-polling PULL_MESSAGE in flight per queue (reference §2.7.1),
 * their responses handed to the command's thread through one event queue, so every queue's state has a single
 * writer and no lock. That thread prints messages, moves offsets (to {@code nextBeginOffset} also on
 * PULL_NOT_FOUND, PULL_RETRY_IMMEDIATELY and PULL_OFFSET_MOVED), commits them every {@code commitIntervalMs}, and
 * once more when the loop ends: after {@code limit} messages, after {@code idleTimeoutMs} without one, on
 * {@link #stop} (Ctrl-C), or on a refusal it cannot retry.
 */
final class ConsumeLoop {
    /** How long the broker may hold a pull that finds nothing: the push consumer's value. */
    static final long SUSPEND_MS = 15_000;
    static final int MAX_MESSAGES_PER_PULL = 32;
    /** PullSysFlag SUSPEND | SUBSCRIPTION: long polling, with the expression in the request (no heartbeat). */
    static final int PULL_SYS_FLAG = 0x2 | 0x4;
    /** Pause before pulling a queue again after a transport failure or refusal (the push consumer's 3 s). */
    static final long RETRY_DELAY_MS = 3_000;
    /** Pause after FLOW_CONTROL or SYSTEM_BUSY. */
    static final long BUSY_DELAY_MS = 100;
    /** How long {@link #stop} waits for the loop to commit and end. */
    static final long STOP_WAIT_MS = 10_000;

    /** Consumption settings: stop after {@code limit} messages (0 = no limit) or idle time (0 = never). */
    record Settings(String group, SubscriptionData subscription, long limit, long idleTimeoutMs, boolean commit,
                    long commitIntervalMs) {
    }

    /** One queue's progress; touched only by the loop's thread. */
    static final class QueueState {
        final BrokerQueue queue;
        /** Offset of the next pull. */
        long pullOffset;
        /** Next offset to consume: what a commit stores. */
        long consumedOffset;
        /** Last offset committed or found committed; -1 when the group has none for this queue. */
        long committedOffset;

        QueueState(BrokerQueue queue, long startOffset, long committedOffset) {
            this.queue = queue;
            this.pullOffset = startOffset;
            this.consumedOffset = startOffset;
            this.committedOffset = committedOffset;
        }
    }

    private sealed interface Event permits Pulled, RetryDue, StopRequested {
    }

    private record Pulled(QueueState state, RemotingCommand response, Throwable error) implements Event {
    }

    private record RetryDue(QueueState state) implements Event {
    }

    private record StopRequested() implements Event {
    }

    private final AdminClient client;
    private final QueueOffsets offsets;
    private final Settings settings;
    private final List<QueueState> queues;
    private final PrintWriter out;
    private final PrintWriter err;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private ScheduledExecutorService retryTimer;
    private long consumed;
    private long lastMessageNanos;
    private boolean commitFailed;

    ConsumeLoop(AdminClient client, QueueOffsets offsets, Settings settings, List<QueueState> queues,
                PrintWriter out, PrintWriter err) {
        this.client = client;
        this.offsets = offsets;
        this.settings = settings;
        this.queues = List.copyOf(queues);
        this.out = out;
        this.err = err;
    }

    /**
     * Consumes until one of the stop conditions; commits (unless disabled) before returning or throwing.
     *
     * @return the number of messages printed
     * @throws CliException when a broker refuses a pull for a reason retrying cannot fix
     */
    long run() {
        retryTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "msgframe-consume-retry");
            thread.setDaemon(true);
            return thread;
        });
        try {
            queues.forEach(this::pull);
            lastMessageNanos = System.nanoTime();
            long lastCommitNanos = System.nanoTime();
            while (!stopRequested && !limitReached()) {
                Event event = events.poll(waitMs(lastCommitNanos), TimeUnit.MILLISECONDS);
                if (event instanceof Pulled pulled) {
                    handle(pulled);
                } else if (event instanceof RetryDue retry) {
                    pull(retry.state());
                }
                if (settings.idleTimeoutMs() > 0 && elapsedMs(lastMessageNanos) >= settings.idleTimeoutMs()) {
                    break;
                }
                if (settings.commit() && elapsedMs(lastCommitNanos) >= settings.commitIntervalMs()) {
                    commitChanged();
                    lastCommitNanos = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            retryTimer.shutdownNow();
            if (settings.commit()) {
                commitChanged();
            }
            finished.countDown();
        }
        return consumed;
    }

    /** Whether a commit failed (each failure was reported on stderr). */
    boolean commitFailed() {
        return commitFailed;
    }

    /** Asks the loop to end, and waits (bounded) until it has committed: the Ctrl-C hook. */
    void stop() {
        stopRequested = true;
        events.offer(new StopRequested());
        try {
            finished.await(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pull(QueueState state) {
        if (stopRequested) {
            return;
        }
        BrokerQueue queue = state.queue;
        SubscriptionData subscription = settings.subscription();
        RemotingCommand request = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .ext("consumerGroup", settings.group())
                .ext("topic", subscription.topic())
                .ext("queueId", queue.queueId())
                .ext("queueOffset", state.pullOffset)
                .ext("maxMsgNums", MAX_MESSAGES_PER_PULL)
                .ext("sysFlag", PULL_SYS_FLAG)
                .ext("commitOffset", 0L)
                .ext("suspendTimeoutMillis", SUSPEND_MS)
                .ext("subscription", subscription.subString())
                .ext("subVersion", subscription.subVersion())
                .ext("expressionType", subscription.expressionType())
                .ext("bname", queue.brokerName());
        client.askBrokerAsync(queue.brokerAddr(), request, SUSPEND_MS + client.timeoutMs())
                .whenComplete((response, error) -> events.offer(new Pulled(state, response, error)));
    }

    private void handle(Pulled pulled) {
        QueueState state = pulled.state();
        BrokerQueue queue = state.queue;
        if (pulled.error() != null) {
            CliException failure = AdminClient.transportFailure("broker", queue.brokerAddr(), pulled.error(),
                    SUSPEND_MS + client.timeoutMs());
            retryLater(state, "pulling " + queue + " failed: " + failure.getMessage(), RETRY_DELAY_MS);
            return;
        }
        RemotingCommand response = pulled.response();
        switch (response.code()) {
            case ResponseCode.SUCCESS -> {
                if (print(state, response)) {
                    moveTo(state, nextBeginOffset(state, response));
                    pull(state);
                }
            }
            case ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY -> {
                moveTo(state, nextBeginOffset(state, response));
                pull(state);
            }
            case ResponseCode.PULL_OFFSET_MOVED -> {
                long next = nextBeginOffset(state, response);
                err.println("msgframe: note: offset " + state.pullOffset + " of " + queue + " is not available ("
                        + response.remark() + "); continuing at " + next);
                err.flush();
                moveTo(state, next);
                pull(state);
            }
            case ResponseCode.FLOW_CONTROL, ResponseCode.SYSTEM_BUSY -> retryLater(state, null, BUSY_DELAY_MS);
            default -> throw AdminClient.refused("pulling topic '" + settings.subscription().topic() + "' " + queue
                    + " as group '" + settings.group() + "'", queue.brokerAddr(), response);
        }
    }

    /**
     * Prints the messages of a pull response that match the subscription's tags (the broker filters by tag hash
     * only, as clients expect), stopping at the limit.
     *
     * @return whether every message was handled (false when the limit cut the batch)
     */
    private boolean print(QueueState state, RemotingCommand response) {
        SubscriptionData subscription = settings.subscription();
        List<ReceivedMessage> messages = ReceivedMessage.decodeAll(response.body(),
                "broker " + state.queue.brokerAddr());
        try {
            for (ReceivedMessage message : messages) {
                if (limitReached()) {
                    return false;
                }
                state.consumedOffset = message.queueOffset() + 1;
                if (subscription.subscribesAll() || subscription.tagsSet().contains(message.tags())) {
                    MessagePrinter.printLine(out, state.queue.brokerName(), message);
                    consumed++;
                    lastMessageNanos = System.nanoTime();
                }
            }
            return !limitReached();
        } finally {
            out.flush();
        }
    }

    private void moveTo(QueueState state, long offset) {
        state.pullOffset = offset;
        state.consumedOffset = offset;
    }

    private long nextBeginOffset(QueueState state, RemotingCommand response) {
        try {
            return response.extLong("nextBeginOffset");
        } catch (ProtocolException e) {
            throw CliException.failed("pulling " + state.queue + ": broker " + state.queue.brokerAddr()
                    + " sent no readable nextBeginOffset: " + e.getMessage());
        }
    }

    private void retryLater(QueueState state, String warning, long delayMs) {
        if (warning != null) {
            err.println("msgframe: warning: " + warning + "; retrying in " + delayMs + " ms");
            err.flush();
        }
        retryTimer.schedule(() -> events.offer(new RetryDue(state)), delayMs, TimeUnit.MILLISECONDS);
    }

    /** Commits every queue whose consumed offset differs from its committed one; failures are reported. */
    private void commitChanged() {
        for (QueueState state : queues) {
            if (state.consumedOffset == state.committedOffset) {
                continue;
            }
            try {
                offsets.commit(state.queue, state.consumedOffset);
                state.committedOffset = state.consumedOffset;
            } catch (CliException e) {
                commitFailed = true;
                err.println("msgframe: warning: " + e.getMessage());
                err.flush();
            }
        }
    }

    private boolean limitReached() {
        return settings.limit() > 0 && consumed >= settings.limit();
    }

    private long waitMs(long lastCommitNanos) {
        long wait = settings.commit() ? settings.commitIntervalMs() - elapsedMs(lastCommitNanos) : 1_000;
        if (settings.idleTimeoutMs() > 0) {
            wait = Math.min(wait, settings.idleTimeoutMs() - elapsedMs(lastMessageNanos));
        }
        return Math.max(1, wait);
    }

    private static long elapsedMs(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
    }
}
