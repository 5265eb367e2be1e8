package io.msgframe.namesrv.kv;

import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.remoting.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The name server's KV config (reference §2.3.8): namespace → key → value, e.g. {@code ORDER_TOPIC_CONFIG} →
 * topic → {@code "broker-a:4;broker-b:4"}. Every change is written to the file before it becomes visible (temp
 * file, fsync, rename), so memory and disk never disagree; a failed write changes nothing.
 *
 * <p>Single writer: changes are serialized; readers see an immutable snapshot without locking.
 */
public final class KvConfigStore {
    private static final Logger log = LoggerFactory.getLogger(KvConfigStore.class);

    private final Path file;
    /** Immutable snapshot: namespace → (key → value), both levels sorted. */
    private volatile Map<String, Map<String, String>> table = Map.of();

    public KvConfigStore(Path file) {
        this.file = Objects.requireNonNull(file);
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the file; a missing file is an empty config.
     *
     * @throws IllegalStateException naming the file if it cannot be read or is not KV config JSON
     */
    public synchronized void load() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            log.info("No KV config file at {}: starting empty", file);
            table = Map.of();
            return;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the KV config file " + file + ": " + e, e);
        }
        if (content.length == 0) {
            table = Map.of();
            return;
        }
        try {
            table = freeze(RemotingJson.decode(content, KvConfigFile.class).configTable());
        } catch (ProtocolException e) {
            throw new IllegalStateException("the KV config file " + file + " is not valid: " + e.getMessage(), e);
        }
        log.info("Loaded {} KV config namespaces from {}", table.size(), file);
    }

    /** The value, or null. */
    public String get(String namespace, String key) {
        Map<String, String> entries = table.get(namespace);
        return entries == null ? null : entries.get(key);
    }

    /** Every entry of a namespace (empty if none), sorted by key. */
    public Map<String, String> namespace(String namespace) {
        return table.getOrDefault(namespace, Map.of());
    }

    /**
     * Sets a value and persists it.
     *
     * @throws UncheckedIOException naming the file if it cannot be written; nothing changed then
     */
    public synchronized void put(String namespace, String key, String value) {
        Objects.requireNonNull(value, "value");
        if (value.equals(get(namespace, key))) {
            return;
        }
        Map<String, Map<String, String>> next = mutableCopy();
        next.computeIfAbsent(namespace, n -> new TreeMap<>()).put(key, value);
        commit(next);
        log.info("KV config put: namespace {}, key {}, value {}", namespace, key, value);
    }

    /**
     * Removes a key (a namespace left empty goes too) and persists; nothing happens if it is absent.
     *
     * @throws UncheckedIOException naming the file if it cannot be written; nothing changed then
     */
    public synchronized void delete(String namespace, String key) {
        if (get(namespace, key) == null) {
            return;
        }
        Map<String, Map<String, String>> next = mutableCopy();
        next.get(namespace).remove(key);
        if (next.get(namespace).isEmpty()) {
            next.remove(namespace);
        }
        commit(next);
        log.info("KV config deleted: namespace {}, key {}", namespace, key);
    }

    private Map<String, Map<String, String>> mutableCopy() {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        table.forEach((namespace, entries) -> copy.put(namespace, new TreeMap<>(entries)));
        return copy;
    }

    private void commit(Map<String, Map<String, String>> next) {
        try {
            AtomicFile.write(file, RemotingJson.encode(new KvConfigFile(next)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the KV config file " + file + ": " + e.getMessage(), e);
        }
        table = freeze(next);
    }

    private static Map<String, Map<String, String>> freeze(Map<String, Map<String, String>> source) {
        Map<String, Map<String, String>> frozen = new TreeMap<>();
        source.forEach((namespace, entries) -> {
            Map<String, String> kept = new TreeMap<>();
            if (entries != null) {
                entries.forEach((key, value) -> {
                    if (key != null && value != null) {
                        kept.put(key, value);
                    }
                });
            }
            if (!kept.isEmpty()) {
                frozen.put(namespace, Collections.unmodifiableMap(kept));
            }
        });
        return Collections.unmodifiableMap(frozen);
    }
}
