package io.msgframe.bench;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.store.config.StoreConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * What the benchmarks share: where stores go, the store configuration, and messages shaped like those of a
 * RocketMQ Java producer (a tag, WAIT=true, a 32-hex-digit UNIQ_KEY; no KEYS, so one index entry each).
 *
 * <p>Stores are made under {@code -Dmsgframe.bench.dir} (default: {@code java.io.tmpdir}) and deleted by the
 * benchmark that made them. Pass it with {@code -jvmArgsAppend -Dmsgframe.bench.dir=/path} to measure another
 * disk.
 */
public final class BenchSupport {
    public static final InetSocketAddress BORN_HOST = new InetSocketAddress("127.0.0.1", 40000);
    public static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);
    public static final String TOPIC = "BenchTopic";
    public static final String TAG = "TagA";
    public static final int GIB = 1 << 30;
    public static final int MIB = 1 << 20;

    /** Distinct property strings handed out round robin by the append benchmarks (a power of two). */
    public static final int PROPERTY_POOL_SIZE = 1 << 16;

    private static volatile String[] propertyPool;

    private BenchSupport() {
    }

    /** A new empty directory for one store. */
    public static Path newStoreDir(String prefix) {
        try {
            Path base = Path.of(System.getProperty("msgframe.bench.dir", System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The store's defaults (1 GiB commit-log files, 300,000-entry consume-queue files, 5M-slot/20M-entry index
     * files, async flush every 500 ms) in {@code dir}, with {@code overrides} applied.
     */
    public static StoreConfig config(Path dir, String... overrides) {
        StoreConfig base = StoreConfig.at(dir);
        return overrides.length == 0 ? base : base.with(overrides);
    }

    /** Incompressible-looking body bytes, the same for every run. */
    public static byte[] body(int size) {
        byte[] body = new byte[size];
        new Random(42).nextBytes(body);
        return body;
    }

    /** A RocketMQ-style unique message id: 32 upper-case hex digits, distinct for distinct {@code n}. */
    public static String uniqKey(long n) {
        // 7F000001 (IP) + pid + class-loader hash as a fixed prefix, then a 12-digit counter, as the client does.
        String counter = Long.toHexString(n).toUpperCase();
        StringBuilder sb = new StringBuilder(32).append("7F0000010A3C1B2E4F60");
        for (int i = counter.length(); i < 12; i++) {
            sb.append('0');
        }
        return sb.append(counter).toString();
    }

    /** The stored properties of a message with a tag, WAIT=true and a unique key. */
    public static String properties(long n) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(PropertyKeys.TAGS, TAG);
        props.put(PropertyKeys.WAIT_STORE_MSG_OK, "true");
        props.put(PropertyKeys.UNIQ_KEY, uniqKey(n));
        return MessageProperties.encode(props);
    }

    /** {@link #PROPERTY_POOL_SIZE} precomputed property strings with distinct keys, shared by all threads. */
    public static String[] propertyPool() {
        String[] pool = propertyPool;
        if (pool == null) {
            synchronized (BenchSupport.class) {
                pool = propertyPool;
                if (pool == null) {
                    pool = new String[PROPERTY_POOL_SIZE];
                    for (int i = 0; i < pool.length; i++) {
                        pool[i] = properties(i);
                    }
                    propertyPool = pool;
                }
            }
        }
        return pool;
    }

    /** A draft of {@code topic}/{@code queueId} whose body is a view of {@code body} (not copied). */
    public static MessageDraft draft(String topic, int queueId, ByteBuffer body, String properties) {
        return new MessageDraft().topic(topic).queueId(queueId).body(body.duplicate())
                .bornTimestamp(System.currentTimeMillis()).bornHost(BORN_HOST).storeHost(STORE_HOST)
                .properties(properties);
    }

    /** Deletes {@code dir} and everything under it; quiet if it is already gone. */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
