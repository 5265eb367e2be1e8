package io.msgframe.store.config;

import io.msgframe.protocol.config.ConfigKey;
import io.msgframe.protocol.config.ConfigTable;
import io.msgframe.protocol.config.ConfigValues;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's configuration: one declaration table ({@link #TABLE}) and the typed, validated values.
 * RocketMQ's {@code broker.conf} names are accepted as aliases where the meaning and unit are the same.
 */
public final class StoreConfig {
    private static final long GIB = 1L << 30;

    public static final ConfigKey<String> STORE_PATH = ConfigKey.ofString("storePathRootDir", "./data",
            "directory holding commitlog/, consumequeue/, index/, checkpoint and abort", "storePathRootDir");
    public static final ConfigKey<Integer> COMMIT_LOG_SEGMENT_BYTES = ConfigKey.ofInt("commitLogSegmentBytes",
            (int) GIB, 64 * 1024, Integer.MAX_VALUE, "size of each commit-log file", "mappedFileSizeCommitLog");
    public static final ConfigKey<Integer> CONSUME_QUEUE_SEGMENT_ENTRIES = ConfigKey.ofInt(
            "consumeQueueSegmentEntries", 300_000, 16, 50_000_000, "20-byte entries per consume-queue file", null);
    public static final ConfigKey<FlushMode> FLUSH_MODE = ConfigKey.ofEnum("flushMode", FlushMode.class,
            FlushMode.ASYNC, FlushMode::parse,
            "ASYNC: acknowledge once in the page cache; SYNC: acknowledge after force, with group commit",
            "flushDiskType");
    public static final ConfigKey<Integer> FLUSH_INTERVAL_MS = ConfigKey.ofInt("flushIntervalMs", 500, 1, 60_000,
            "async flush: how often the flusher looks for dirty pages", "flushIntervalCommitLog");
    public static final ConfigKey<Integer> FLUSH_MIN_PAGES = ConfigKey.ofInt("flushMinPages", 4, 0, 1 << 20,
            "async flush: force only when at least this many 4 KiB pages are dirty", "flushCommitLogLeastPages");
    public static final ConfigKey<Integer> FLUSH_THOROUGH_INTERVAL_MS = ConfigKey.ofInt("flushThoroughIntervalMs",
            10_000, 1, 3_600_000, "async flush: force whatever is dirty at least this often",
            "flushCommitLogThoroughInterval");
    public static final ConfigKey<Integer> SYNC_FLUSH_TIMEOUT_MS = ConfigKey.ofInt("syncFlushTimeoutMs", 5_000, 1,
            600_000, "sync flush: answer FLUSH_DISK_TIMEOUT if the force takes longer", "syncFlushTimeout");
    public static final ConfigKey<Integer> CONSUME_QUEUE_FLUSH_INTERVAL_MS = ConfigKey.ofInt(
            "consumeQueueFlushIntervalMs", 1_000, 1, 60_000,
            "how often consume queues and the index are forced and the checkpoint written",
            "flushIntervalConsumeQueue");
    public static final ConfigKey<Integer> MAX_MESSAGE_BYTES = ConfigKey.ofInt("maxMessageBytes", 4 * 1024 * 1024,
            1024, 256 * 1024 * 1024, "largest message body accepted", "maxMessageSize");
    public static final ConfigKey<Integer> FILE_RESERVED_HOURS = ConfigKey.ofInt("fileReservedHours", 72, 1,
            24 * 3650, "commit-log files older than this are deleted at the delete hour", "fileReservedTime");
    /** Validated in the table (not only when the config is built), so a bad value is listed with the others. */
    public static final ConfigKey<String> DELETE_WHEN = new ConfigKey<>("deleteWhen", String.class, "04",
            String::trim, StoreConfig::isHourList, "hours 00-23 separated by ';'",
            "hours of the day (00-23, ';'-separated) at which expired files are deleted", "deleteWhen");
    public static final ConfigKey<Integer> DISK_CLEAN_PERCENT = ConfigKey.ofInt("diskCleanPercent", 75, 10, 95,
            "above this disk use, the oldest files are deleted at once, expired or not", "diskMaxUsedSpaceRatio");
    public static final ConfigKey<Double> DISK_FULL_RATIO = ConfigKey.ofDouble("diskFullRatio", 0.90, 0.10, 0.99,
            "above this disk use, appends are refused with DISK_FULL; reads go on", "diskSpaceWarningLevelRatio");
    public static final ConfigKey<Integer> CLEANUP_INTERVAL_MS = ConfigKey.ofInt("cleanupIntervalMs", 10_000, 10,
            3_600_000, "how often retention runs", "cleanResourceInterval");
    public static final ConfigKey<Integer> INDEX_HASH_SLOTS = ConfigKey.ofInt("indexHashSlots", 5_000_000, 16,
            50_000_000, "hash slots per index file", "maxHashSlotNum");
    public static final ConfigKey<Integer> INDEX_ENTRIES = ConfigKey.ofInt("indexEntries", 20_000_000, 16,
            100_000_000, "entries per index file", "maxIndexNum");
    public static final ConfigKey<Integer> MAX_TRANSFER_COUNT = ConfigKey.ofInt("maxTransferCount", 32, 1, 10_000,
            "most messages one read returns", "maxTransferCountOnMessageInMemory");
    public static final ConfigKey<Integer> MAX_TRANSFER_BYTES = ConfigKey.ofInt("maxTransferBytes", 256 * 1024,
            1024, 64 * 1024 * 1024, "most bytes one read returns (at least one message is always returned)",
            "maxTransferBytesOnMessageInMemory");
    public static final ConfigKey<Boolean> CHECK_CRC_ON_RECOVER = ConfigKey.ofBoolean("checkCrcOnRecover", true,
            "verify each record's body CRC when recovering after a crash", "checkCRCOnRecover");
    public static final ConfigKey<Boolean> VERIFY_CRC_ON_READ = ConfigKey.ofBoolean("verifyCrcOnRead", false,
            "verify the body CRC of every record served (costs ~1 ns per byte); header checks always run", null);
    public static final ConfigKey<Boolean> PREALLOCATE_SEGMENTS = ConfigKey.ofBoolean("preallocateSegments", true,
            "create and map the next commit-log file in the background before it is needed", null);
    public static final ConfigKey<Boolean> WARM_SEGMENTS = ConfigKey.ofBoolean("warmSegments", true,
            "touch every page of a pre-allocated commit-log file in the background, so appends and sync flushes"
                    + " do not pay for page faults and block allocation (costs one extra write of the file)",
            "warmMapedFileEnable");
    public static final ConfigKey<Integer> SEGMENT_DESTROY_GRACE_MS = ConfigKey.ofInt("segmentDestroyGraceMs",
            120_000, 0, 3_600_000, "how long a deleted file waits for readers before its mapping is dropped",
            "destroyMapedFileIntervalForcibly");

    public static final ConfigTable TABLE = new ConfigTable("store", List.of(STORE_PATH, COMMIT_LOG_SEGMENT_BYTES,
            CONSUME_QUEUE_SEGMENT_ENTRIES, FLUSH_MODE, FLUSH_INTERVAL_MS, FLUSH_MIN_PAGES,
            FLUSH_THOROUGH_INTERVAL_MS, SYNC_FLUSH_TIMEOUT_MS, CONSUME_QUEUE_FLUSH_INTERVAL_MS, MAX_MESSAGE_BYTES,
            FILE_RESERVED_HOURS, DELETE_WHEN, DISK_CLEAN_PERCENT, DISK_FULL_RATIO, CLEANUP_INTERVAL_MS,
            INDEX_HASH_SLOTS, INDEX_ENTRIES, MAX_TRANSFER_COUNT, MAX_TRANSFER_BYTES, CHECK_CRC_ON_RECOVER,
            VERIFY_CRC_ON_READ, PREALLOCATE_SEGMENTS, WARM_SEGMENTS, SEGMENT_DESTROY_GRACE_MS));

    private final ConfigValues values;
    private final Path root;
    private final int[] deleteHours;

    private StoreConfig(ConfigValues values) {
        this.values = values;
        this.root = Path.of(values.get(STORE_PATH));
        this.deleteHours = parseHours(values.get(DELETE_WHEN));
    }

    /** @throws io.msgframe.protocol.config.ConfigException listing every bad or unknown key */
    public static StoreConfig of(Map<String, String> raw) {
        return new StoreConfig(TABLE.parse(raw, false));
    }

    /** Parses only the store's keys of a file shared with other subsystems. */
    public static StoreConfig fromShared(Map<String, String> raw) {
        return new StoreConfig(TABLE.parse(raw, true));
    }

    public static StoreConfig at(Path root) {
        return of(Map.of(STORE_PATH.name(), root.toString()));
    }

    /** A copy with some keys changed: {@code config.with("flushMode", "SYNC")}. */
    public StoreConfig with(String... keyValuePairs) {
        Map<String, String> raw = new HashMap<>();
        for (ConfigKey<?> key : TABLE.keys()) {
            if (values.isSet(key)) {
                raw.put(key.name(), String.valueOf(values.get(key)));
            }
        }
        for (int i = 0; i + 1 < keyValuePairs.length; i += 2) {
            raw.put(keyValuePairs[i], keyValuePairs[i + 1]);
        }
        return of(raw);
    }

    public <T> T get(ConfigKey<T> key) {
        return values.get(key);
    }

    public Path root() {
        return root;
    }

    public Path commitLogDir() {
        return root.resolve("commitlog");
    }

    public Path consumeQueueDir() {
        return root.resolve("consumequeue");
    }

    public Path indexDir() {
        return root.resolve("index");
    }

    public Path checkpointFile() {
        return root.resolve("checkpoint");
    }

    public Path abortFile() {
        return root.resolve("abort");
    }

    public Path quarantineFile() {
        return root.resolve("quarantine");
    }

    public int commitLogSegmentBytes() {
        return values.get(COMMIT_LOG_SEGMENT_BYTES);
    }

    public int consumeQueueSegmentBytes() {
        return values.get(CONSUME_QUEUE_SEGMENT_ENTRIES) * 20;
    }

    public FlushMode flushMode() {
        return values.get(FLUSH_MODE);
    }

    public boolean isDeleteHour(int hourOfDay) {
        for (int h : deleteHours) {
            if (h == hourOfDay) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHourList(String text) {
        String[] parts = text.split(";");
        if (parts.length == 0) {
            return false;
        }
        for (String part : parts) {
            try {
                int h = Integer.parseInt(part.trim());
                if (h < 0 || h > 23) {
                    return false;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static int[] parseHours(String text) {
        String[] parts = text.split(";");
        int[] hours = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int h;
            try {
                h = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                h = -1;
            }
            if (h < 0 || h > 23) {
                throw new io.msgframe.protocol.config.ConfigException(
                        List.of(DELETE_WHEN.name() + "='" + text + "': must be hours 00-23 separated by ';'"));
            }
            hours[i] = h;
        }
        return hours;
    }
}
