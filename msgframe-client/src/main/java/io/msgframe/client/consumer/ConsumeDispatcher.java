package io.msgframe.client.consumer;

import java.util.List;

/** Hands pulled messages of a queue to the listener on the consume threads; one per {@link PushConsumer}. */
interface ConsumeDispatcher {

    /** {@code messages} were just cached in {@code queue}. */
    void dispatch(ProcessQueue queue, List<ReceivedMessage> messages);

    /** The queue may be consumed again (orderly: its lock was granted); a no-op for concurrent consumption. */
    void wake(ProcessQueue queue);

    /** From now on messages not yet started are left in their queues (closing). */
    void stop();
}
