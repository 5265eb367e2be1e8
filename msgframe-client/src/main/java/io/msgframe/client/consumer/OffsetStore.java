package io.msgframe.client.consumer;

import io.msgframe.protocol.body.MessageQueue;

import java.util.Collection;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Where a consumer group's progress lives: offsets are updated in memory as messages are consumed and persisted
 * (to the broker, or a local file) by {@link #persist} — every 5 s and at shutdown by the consumers. An offset is
 * always the next one to consume (last consumed + 1).
 */
public interface OffsetStore {

    /** Sets the in-memory offset of {@code queue}. */
    void update(MessageQueue queue, long offset);

    /** The in-memory offset, or empty. */
    OptionalLong inMemory(MessageQueue queue);

    /** The persisted offset (broker or file), or empty when the group never committed one for the queue. */
    OptionalLong readPersisted(MessageQueue queue);

    /** Persists the in-memory offsets of {@code queues} and waits. */
    void persist(Collection<MessageQueue> queues);

    /** Persists the in-memory offsets of {@code queues} without waiting. */
    CompletableFuture<Void> persistAsync(Collection<MessageQueue> queues);

    /** Forgets the in-memory offset of a queue no longer owned (persist it first). */
    void remove(MessageQueue queue);
}
