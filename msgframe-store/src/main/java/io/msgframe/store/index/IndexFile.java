package io.msgframe.store.index;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.List;

/**
 * One index file (reference §5.3): a hash table from key to commit-log offsets, memory-mapped.
 *
 * <pre>
 * header, 40 bytes
 *   0  int64 beginTimestamp   store time of the first indexed message
 *   8  int64 endTimestamp     store time of the last indexed message
 *  16  int64 beginPhyOffset   commit-log offset of the first indexed message
 *  24  int64 endPhyOffset     commit-log offset of the last indexed message
 *  32  int32 hashSlotCount    slots in use
 *  36  int32 indexCount       next entry number; starts at 1, entry 0 is never used
 * slot table at 40: hashSlotNum int32, the number of the newest entry of the slot (0 = empty)
 * entry n at 40 + hashSlotNum*4 + n*20
 *   0  int32 keyHash          abs(key.hashCode()), 0 for Integer.MIN_VALUE
 *   4  int64 phyOffset        commit-log offset of the message
 *  12  int32 timeDiff         (store time - beginTimestamp) / 1000, clamped to [0, Integer.MAX_VALUE]
 *  16  int32 prevIndex        previous entry of the same slot (0 = end of chain)
 * </pre>
 * All numbers big-endian. Slot of a key = keyHash % hashSlotNum; a slot's entries form a chain from the
 * newest entry back through prevIndex, so a lookup reads only the entries of its slot.
 *
 * <p><b>Threads.</b> One writer calls {@link #put}; any number of readers call {@link #query} and the
 * getters at the same time. A put writes the entry, then the slot (release), then the header, and last
 * {@code indexCount} (release): {@code indexCount} is the publication point. A reader reads
 * {@code indexCount} first (acquire) and reports only entries below it; an entry it reaches through a slot
 * or a link that a racing put has not published yet is not reported, but its link is still valid to
 * follow, because the slot was written (release) after the entry and read (acquire) before it.
 *
 * <p><b>Corruption.</b> A query never trusts a number read from the file: it follows only links to a
 * smaller entry number inside the file, so a chain walk ends after at most {@code indexNum} steps and
 * never reads outside the mapping, whatever the slots and entries hold.
 *
 * <p>Closing does not unmap: a query still running on a file that retention just deleted reads memory that
 * stays valid until the buffer is garbage-collected, instead of crashing the JVM on an unmapped page.
 */
public final class IndexFile {
    private static final Logger log = LoggerFactory.getLogger(IndexFile.class);

    public static final int HEADER_SIZE = 40;
    public static final int SLOT_SIZE = 4;
    public static final int ENTRY_SIZE = 20;
    public static final int DEFAULT_HASH_SLOT_NUM = 5_000_000;
    public static final int DEFAULT_INDEX_NUM = 20_000_000;

    static final int BEGIN_TIMESTAMP = 0;
    static final int END_TIMESTAMP = 8;
    static final int BEGIN_PHY_OFFSET = 16;
    static final int END_PHY_OFFSET = 24;
    static final int HASH_SLOT_COUNT = 32;
    static final int INDEX_COUNT = 36;

    static final int ENTRY_KEY_HASH = 0;
    static final int ENTRY_PHY_OFFSET = 4;
    static final int ENTRY_TIME_DIFF = 12;
    static final int ENTRY_PREV_INDEX = 16;

    /** Entry number meaning "none": an empty slot, the end of a chain. */
    private static final int NO_ENTRY = 0;

    // Views for ordered access to the header fields and slots: plain ByteBuffer accesses carry no
    // happens-before, and a long read racing the writer could tear. The mapping is page-aligned, so every
    // header field and slot is naturally aligned, which these access modes need.
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final Path path;
    private final int hashSlotNum;
    private final int indexNum;
    private final int entriesStart;
    private final FileChannel channel;
    private final MappedByteBuffer buffer;

    // Writer-side state, touched only by the single writer.
    private int indexCount;
    private int flushedIndexCount;
    private volatile boolean closed;

    private IndexFile(Path path, int hashSlotNum, int indexNum, FileChannel channel, MappedByteBuffer buffer) {
        this.path = path;
        this.hashSlotNum = hashSlotNum;
        this.indexNum = indexNum;
        this.entriesStart = HEADER_SIZE + hashSlotNum * SLOT_SIZE;
        this.channel = channel;
        this.buffer = buffer;
    }

    /** Bytes of a file with {@code hashSlotNum} slots and {@code indexNum} entries. */
    public static long fileSize(int hashSlotNum, int indexNum) {
        return HEADER_SIZE + (long) hashSlotNum * SLOT_SIZE + (long) indexNum * ENTRY_SIZE;
    }

    /**
     * Creates a new empty file in {@code dir} named by {@code nowMs} in the system time zone.
     *
     * @throws UncheckedIOException if the file exists already or cannot be created
     */
    public static IndexFile create(Path dir, int hashSlotNum, int indexNum, long nowMs) {
        return create(dir, hashSlotNum, indexNum, nowMs, ZoneId.systemDefault());
    }

    /** Creates a new empty file in {@code dir} named by {@code nowMs} in {@code zone}. */
    public static IndexFile create(Path dir, int hashSlotNum, int indexNum, long nowMs, ZoneId zone) {
        checkShape(hashSlotNum, indexNum);
        Path file = dir.resolve(IndexFileName.format(nowMs, zone));
        long size = fileSize(hashSlotNum, indexNum);
        FileChannel channel = null;
        try {
            // CREATE_NEW: two files created in the same millisecond must not silently share one name.
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            // Mapping past the end grows the file (sparse: untouched slots and entries cost no disk).
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            IndexFile indexFile = new IndexFile(file, hashSlotNum, indexNum, channel, buffer);
            indexFile.indexCount = 1;
            indexFile.flushedIndexCount = 0; // the header below is not on disk yet
            INT.setRelease(buffer, INDEX_COUNT, 1);
            log.debug("created index file {} ({} slots, {} entries, {} bytes)", file, hashSlotNum, indexNum, size);
            return indexFile;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            throw asUnchecked(e, "cannot create index file " + file);
        }
    }

    /**
     * Opens an existing file and reads its header.
     *
     * @throws CorruptIndexFileException if the size does not match the shape or the header's indexCount is
     *         impossible
     * @throws UncheckedIOException if the file cannot be opened
     */
    public static IndexFile open(Path file, int hashSlotNum, int indexNum) {
        checkShape(hashSlotNum, indexNum);
        long expected = fileSize(hashSlotNum, indexNum);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long actual = channel.size();
            if (actual != expected) {
                throw new CorruptIndexFileException(file, "size is " + actual + " bytes but " + hashSlotNum
                        + " slots and " + indexNum + " entries need " + expected
                        + " bytes (was it written with another hashSlotNum/indexNum?)");
            }
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, expected);
            IndexFile indexFile = new IndexFile(file, hashSlotNum, indexNum, channel, buffer);
            int count = (int) INT.getAcquire(buffer, INDEX_COUNT);
            if (count == 0 && indexFile.getEndPhyOffset() == 0 && indexFile.getBeginTimestamp() == 0) {
                // Created, but the process died before the header's first write reached the file: empty.
                log.warn("index file {} has a blank header, treating it as empty", file);
                count = 1;
                INT.setRelease(buffer, INDEX_COUNT, 1);
            }
            if (count < 1 || count > indexNum) {
                throw new CorruptIndexFileException(file, "header indexCount " + count + " is outside [1, "
                        + indexNum + "]");
            }
            indexFile.indexCount = count;
            indexFile.flushedIndexCount = count;
            log.debug("opened index file {} with {} entries", file, count - 1);
            return indexFile;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            throw asUnchecked(e, "cannot open index file " + file);
        }
    }

    private static void checkShape(int hashSlotNum, int indexNum) {
        if (hashSlotNum < 1) {
            throw new IllegalArgumentException("hashSlotNum must be positive: " + hashSlotNum);
        }
        if (indexNum < 2) {
            throw new IllegalArgumentException("indexNum must be at least 2 (entry 0 is never used): " + indexNum);
        }
        if (fileSize(hashSlotNum, indexNum) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an index file of " + hashSlotNum + " slots and " + indexNum
                    + " entries exceeds the 2 GiB a single mapping can hold");
        }
    }

    /** Whether every entry is used (entry numbers run from 1 to indexNum - 1). */
    public boolean isFull() {
        return indexCount >= indexNum;
    }

    /** Entries that still fit. Writer's view. */
    public int freeEntries() {
        return Math.max(0, indexNum - indexCount);
    }

    /**
     * Adds {@code key → phyOffset}. The first put sets beginTimestamp/beginPhyOffset; every put sets
     * endTimestamp/endPhyOffset. Single writer.
     *
     * @return false if the file is full (nothing written)
     * @throws IllegalStateException if the file is closed
     */
    public boolean put(String key, long phyOffset, long storeTimestamp) {
        if (closed) {
            throw new IllegalStateException("index file " + path + " is closed");
        }
        if (isFull()) {
            return false;
        }
        int entry = indexCount;
        int keyHash = IndexKeys.keyHash(key);
        int slotPos = slotPosition(keyHash);
        int prev = buffer.getInt(slotPos);
        // A slot may point at garbage (a corrupt file, or entries past a header that a crash lost):
        // chaining to it would make the new entry's chain lead into that garbage, so start a new chain.
        if (prev <= NO_ENTRY || prev >= entry) {
            prev = NO_ENTRY;
        }
        if (entry == 1) {
            LONG.setRelease(buffer, BEGIN_TIMESTAMP, storeTimestamp);
            LONG.setRelease(buffer, BEGIN_PHY_OFFSET, phyOffset);
        }
        int timeDiff = timeDiff(storeTimestamp, (long) LONG.getAcquire(buffer, BEGIN_TIMESTAMP));

        int entryPos = entryPosition(entry);
        buffer.putInt(entryPos + ENTRY_KEY_HASH, keyHash);
        buffer.putLong(entryPos + ENTRY_PHY_OFFSET, phyOffset);
        buffer.putInt(entryPos + ENTRY_TIME_DIFF, timeDiff);
        buffer.putInt(entryPos + ENTRY_PREV_INDEX, prev);
        INT.setRelease(buffer, slotPos, entry);

        if (prev == NO_ENTRY) {
            INT.setRelease(buffer, HASH_SLOT_COUNT, (int) INT.getAcquire(buffer, HASH_SLOT_COUNT) + 1);
        }
        LONG.setRelease(buffer, END_PHY_OFFSET, phyOffset);
        LONG.setRelease(buffer, END_TIMESTAMP, storeTimestamp);
        indexCount = entry + 1;
        INT.setRelease(buffer, INDEX_COUNT, indexCount);
        return true;
    }

    private static int timeDiff(long storeTimestamp, long beginTimestamp) {
        long seconds = (storeTimestamp - beginTimestamp) / 1000L;
        if (beginTimestamp <= 0 || seconds < 0) {
            return 0;
        }
        return (int) Math.min(seconds, Integer.MAX_VALUE);
    }

    /**
     * Appends to {@code out} the offsets stored under {@code key} whose time (beginTimestamp + timeDiff
     * seconds) lies in {@code [beginTs, endTs]}, newest first, at most {@code maxNum} of them. Entries of
     * other keys that share the slot are skipped by their keyHash; different keys with equal hashes are
     * not told apart (the client re-checks the records). Safe to call while the writer puts.
     */
    public void query(String key, long beginTs, long endTs, int maxNum, List<Long> out) {
        if (maxNum <= 0) {
            return;
        }
        // Everything below the published count is complete and visible after this acquire.
        int published = (int) INT.getAcquire(buffer, INDEX_COUNT);
        if (published <= 1) {
            return;
        }
        long fileBegin = (long) LONG.getAcquire(buffer, BEGIN_TIMESTAMP);
        int keyHash = IndexKeys.keyHash(key);
        int entry = (int) INT.getAcquire(buffer, slotPosition(keyHash));
        int added = 0;
        // Every step goes to a strictly smaller entry number inside (0, indexNum): at most indexNum steps,
        // and no read outside the mapping, whatever the file holds.
        while (entry > NO_ENTRY && entry < indexNum && added < maxNum) {
            int entryPos = entryPosition(entry);
            int prev = buffer.getInt(entryPos + ENTRY_PREV_INDEX);
            if (entry < published) {
                long time = fileBegin + buffer.getInt(entryPos + ENTRY_TIME_DIFF) * 1000L;
                if (buffer.getInt(entryPos + ENTRY_KEY_HASH) == keyHash && time >= beginTs && time <= endTs) {
                    out.add(buffer.getLong(entryPos + ENTRY_PHY_OFFSET));
                    added++;
                }
                if (time < beginTs) {
                    break; // the chain runs newest to oldest: the rest is older still
                }
            }
            if (prev >= entry) {
                break; // a self or forward link only comes from a corrupt file; following it could loop
            }
            entry = prev;
        }
    }

    private int slotPosition(int keyHash) {
        return HEADER_SIZE + (keyHash % hashSlotNum) * SLOT_SIZE;
    }

    private int entryPosition(int entry) {
        return entriesStart + entry * ENTRY_SIZE;
    }

    /** Forces the file to disk if anything was put since the last flush. Writer thread. */
    public void flush() {
        if (closed || flushedIndexCount == indexCount) {
            return;
        }
        int count = indexCount;
        buffer.force();
        flushedIndexCount = count;
    }

    /** Flushes and closes the channel; idempotent. The mapping stays valid for running queries. */
    public void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close index file " + path, e);
        }
    }

    /**
     * Closes and deletes the file.
     *
     * @return whether the file existed
     */
    public boolean delete() {
        if (!closed) {
            closed = true; // no point forcing pages of a file about to disappear
            try {
                channel.close();
            } catch (IOException e) {
                log.warn("cannot close index file {} before deleting it", path, e);
            }
        }
        try {
            boolean existed = Files.deleteIfExists(path);
            log.debug("deleted index file {} (existed: {})", path, existed);
            return existed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete index file " + path, e);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    public Path path() {
        return path;
    }

    public String fileName() {
        return path.getFileName().toString();
    }

    public int getHashSlotNum() {
        return hashSlotNum;
    }

    public int getIndexNum() {
        return indexNum;
    }

    public long getBeginTimestamp() {
        return (long) LONG.getAcquire(buffer, BEGIN_TIMESTAMP);
    }

    public long getEndTimestamp() {
        return (long) LONG.getAcquire(buffer, END_TIMESTAMP);
    }

    public long getBeginPhyOffset() {
        return (long) LONG.getAcquire(buffer, BEGIN_PHY_OFFSET);
    }

    public long getEndPhyOffset() {
        return (long) LONG.getAcquire(buffer, END_PHY_OFFSET);
    }

    public int getHashSlotCount() {
        return (int) INT.getAcquire(buffer, HASH_SLOT_COUNT);
    }

    /** Next entry number as published in the header; 1 for an empty file. */
    public int getIndexCount() {
        return (int) INT.getAcquire(buffer, INDEX_COUNT);
    }

    /** Whether no entry has been published yet. */
    public boolean isEmpty() {
        return getIndexCount() <= 1;
    }

    /**
     * Whether the file's time range [beginTimestamp, endTimestamp] overlaps {@code [beginTs, endTs]};
     * false for an empty file. An end before the begin (the clock went back while the file was written)
     * counts as the begin: no entry's time is below the begin, since timeDiff is clamped at 0.
     */
    public boolean overlaps(long beginTs, long endTs) {
        if (isEmpty()) {
            return false;
        }
        long begin = getBeginTimestamp();
        long end = Math.max(begin, getEndTimestamp());
        return begin <= endTs && end >= beginTs;
    }

    @Override
    public String toString() {
        return "IndexFile[" + path + ", entries=" + (getIndexCount() - 1) + "]";
    }

    private static void closeQuietly(FileChannel channel, Exception cause) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    private static RuntimeException asUnchecked(Exception e, String message) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        return new UncheckedIOException(message, (IOException) e);
    }
}
