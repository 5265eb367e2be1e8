package io.msgframe.client.consumer;

import io.msgframe.client.MsgFrameClientException;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.RemotingJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offsets of a BROADCASTING consumer, kept in a local file as RocketMQ does (reference §7.3):
 * {@code <dir>/<clientId>/<group>/offsets.json}, RocketMQ's {@code {"offsetTable":{<MessageQueue>:offset}}} with
 * queues written as JSON objects. Every persist writes the whole table to {@code offsets.json.tmp}, forces it,
 * and renames it over the file, so a crash leaves the old file or the new one, never a torn one. A client id with
 * a stable instance name finds its file again after a restart.
 */
public final class LocalFileOffsetStore implements OffsetStore {

    /** The file's content. */
    public record OffsetFile(Map<MessageQueue, Long> offsetTable) {
    }

    private final Path file;
    private final Map<MessageQueue, Long> offsets = new ConcurrentHashMap<>();
    private final Map<MessageQueue, Long> stored = new ConcurrentHashMap<>();

    /** Loads the file of {@code clientId} and {@code group} under {@code dir}, if there is one. */
    public LocalFileOffsetStore(Path dir, String clientId, String group) {
        this.file = dir.resolve(safe(clientId)).resolve(safe(group)).resolve("offsets.json");
        if (Files.exists(file)) {
            try {
                OffsetFile content = RemotingJson.decode(Files.readAllBytes(file), OffsetFile.class);
                if (content.offsetTable() != null) {
                    stored.putAll(content.offsetTable());
                }
            } catch (IOException | RuntimeException e) {
                throw new MsgFrameClientException("cannot read the offset file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._@#%-]", "_");
    }

    public Path file() {
        return file;
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
        Long offset = stored.get(queue);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    @Override
    public synchronized void persist(Collection<MessageQueue> queues) {
        Map<MessageQueue, Long> table = new TreeMap<>(stored);
        boolean changed = false;
        for (MessageQueue queue : queues) {
            Long offset = offsets.get(queue);
            if (offset != null && !offset.equals(table.put(queue, offset))) {
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        write(table);
        stored.putAll(table);
    }

    @Override
    public CompletableFuture<Void> persistAsync(Collection<MessageQueue> queues) {
        try {
            persist(queues);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void remove(MessageQueue queue) {
        offsets.remove(queue);
    }

    private void write(Map<MessageQueue, Long> table) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            byte[] json = RemotingJson.encode(new OffsetFile(table));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the offset file " + file, e);
        }
    }
}
