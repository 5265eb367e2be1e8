package io.msgframe.client.consumer;

import io.msgframe.protocol.body.MessageQueue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offsets of a CLUSTERING group, kept by the brokers (reference §2.8.1, §2.8.2): read with QUERY_CONSUMER_OFFSET
 * (QUERY_NOT_FOUND = none), persisted with UPDATE_CONSUMER_OFFSET to the master of each queue's broker. An offset
 * already persisted is not sent again.
 */
public final class RemoteOffsetStore implements OffsetStore {
    private final String group;
    private final BrokerOffsets brokers;
    private final Map<MessageQueue, Long> offsets = new ConcurrentHashMap<>();
    private final Map<MessageQueue, Long> persisted = new ConcurrentHashMap<>();

    public RemoteOffsetStore(String group, BrokerOffsets brokers) {
        this.group = group;
        this.brokers = brokers;
    }

    @Override
    public void update(MessageQueue queue, long offset) {
        offsets.put(queue, offset);
    }

    @Override
    public OptionalLong inMemory(MessageQueue queue) {
        Long offset = offsets.get(queue);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    @Override
    public OptionalLong readPersisted(MessageQueue queue) {
        OptionalLong committed = brokers.committed(group, queue);
        committed.ifPresent(offset -> persisted.put(queue, offset));
        return committed;
    }

    @Override
    public void persist(Collection<MessageQueue> queues) {
        for (MessageQueue queue : queues) {
            Long offset = offsets.get(queue);
            if (offset != null && !offset.equals(persisted.get(queue))) {
                brokers.commit(group, queue, offset);
                persisted.put(queue, offset);
            }
        }
    }

    @Override
    public CompletableFuture<Void> persistAsync(Collection<MessageQueue> queues) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (MessageQueue queue : queues) {
            Long offset = offsets.get(queue);
            if (offset != null && !offset.equals(persisted.get(queue))) {
                sends.add(brokers.commitAsync(group, queue, offset)
                        .thenRun(() -> persisted.put(queue, offset)));
            }
        }
        return CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0]));
    }

    @Override
    public void remove(MessageQueue queue) {
        offsets.remove(queue);
        persisted.remove(queue);
    }
}
