package io.msgframe.it;

import org.apache.rocketmq.common.message.MessageExt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a consumer was given, in delivery order; thread-safe, for listeners running on consume threads. */
final class Received {
    private final List<MessageExt> messages = new ArrayList<>();

    synchronized void addAll(Collection<MessageExt> batch) {
        messages.addAll(batch);
    }

    synchronized List<MessageExt> all() {
        return new ArrayList<>(messages);
    }

    synchronized int count() {
        return messages.size();
    }

    /** Distinct message ids (UNIQ_KEY: what the producer's SendResult.getMsgId() returned). */
    synchronized Set<String> ids() {
        Set<String> ids = new HashSet<>();
        messages.forEach(m -> ids.add(m.getMsgId()));
        return ids;
    }

    /** Waits until every id in {@code expected} was delivered at least once. */
    void awaitIds(Collection<String> expected, Duration timeout) {
        Await.until(timeout, () -> expected.size() + " distinct messages (got " + ids().size() + " distinct ids)",
                () -> ids().containsAll(expected));
    }
}
