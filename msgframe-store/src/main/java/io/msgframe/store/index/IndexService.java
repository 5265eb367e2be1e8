package io.msgframe.store.index;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The index directory ({@code <store>/index}, reference §5.3): a sequence of {@link IndexFile}s ordered by
 * name (= creation time), the last one being written.
 *
 * <p><b>Threads.</b> One dispatcher thread calls {@link #put} and {@link #flush}; recovery and retention
 * ({@link #load}, {@link #truncateAbove}, {@link #deleteFilesBelow}, {@link #close}) may run on other
 * threads, so every change is made under one lock. {@link #query} takes no lock: it walks a snapshot of
 * the copy-on-write file list, and {@link IndexFile#query} tolerates the racing writer.
 *
 * <p><b>Idempotence.</b> A record whose commit-log offset is not above the last indexed one is skipped,
 * so the dispatcher may replay records after recovery without indexing them twice. The keys of one record
 * go into one file (the file is rolled early if they do not fit), so a file's endPhyOffset always means
 * "every key of that record is here" and the skip never loses keys.
 *
 * <p>Whether a record is indexed at all (RocketMQ skips ROLLBACK records) is the caller's decision.
 */
public final class IndexService {
    private static final Logger log = LoggerFactory.getLogger(IndexService.class);

    /** The directory's name under the store root. */
    public static final String DIR_NAME = "index";

    /** How many later milliseconds to try when a new file's name is taken (a frozen or backward clock). */
    private static final int NAME_ATTEMPTS = 1000;

    private final Path dir;
    private final int hashSlotNum;
    private final int indexNum;
    private final Clock clock;
    private final List<IndexFile> files = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    /** Commit-log offset of the last indexed record, -1 before the first. Guarded by {@link #lock}. */
    private long lastIndexedPhyOffset = -1;
    /** Creation time of the newest file, so a new name is always later. Guarded by {@link #lock}. */
    private long lastCreatedMs = Long.MIN_VALUE;

    /** A service with RocketMQ's default file shape (5,000,000 slots, 20,000,000 entries). */
    public IndexService(Path dir, Clock clock) {
        this(dir, IndexFile.DEFAULT_HASH_SLOT_NUM, IndexFile.DEFAULT_INDEX_NUM, clock);
    }

    /**
     * @param dir the index directory itself, created by {@link #load} if missing
     * @param clock names new files (its zone gives the local time of the name)
     */
    public IndexService(Path dir, int hashSlotNum, int indexNum, Clock clock) {
        if (hashSlotNum < 1 || indexNum < 2) {
            throw new IllegalArgumentException("need hashSlotNum >= 1 and indexNum >= 2, got " + hashSlotNum
                    + " and " + indexNum);
        }
        this.dir = dir;
        this.hashSlotNum = hashSlotNum;
        this.indexNum = indexNum;
        this.clock = clock;
    }

    /**
     * Opens the existing files in name order. Files whose names are not creation times are ignored.
     *
     * @throws CorruptIndexFileException if a file has the wrong size or an impossible header
     */
    public void load() {
        synchronized (lock) {
            if (!files.isEmpty()) {
                throw new IllegalStateException("index service for " + dir + " is already loaded");
            }
            List<Path> paths;
            try {
                Files.createDirectories(dir);
                try (Stream<Path> listing = Files.list(dir)) {
                    paths = listing.filter(Files::isRegularFile)
                            .filter(p -> IndexFileName.matches(p.getFileName().toString()))
                            .sorted()
                            .toList();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list index directory " + dir, e);
            }
            List<IndexFile> opened = new ArrayList<>();
            try {
                for (Path path : paths) {
                    opened.add(IndexFile.open(path, hashSlotNum, indexNum));
                }
            } catch (RuntimeException e) {
                opened.forEach(IndexFile::close);
                throw e;
            }
            files.addAll(opened);
            lastIndexedPhyOffset = computeLastIndexedPhyOffset();
            if (!opened.isEmpty()) {
                lastCreatedMs = IndexFileName.parse(opened.get(opened.size() - 1).fileName(), clock.getZone());
            }
            log.info("loaded {} index files from {}, last indexed commit-log offset {}", opened.size(), dir,
                    lastIndexedPhyOffset);
        }
    }

    /**
     * Indexes one record under {@code topic#uniqKey} and {@code topic#k} for every word k of {@code keys}.
     * Does nothing if the record has no keys or its offset was indexed already.
     *
     * @param uniqKey the {@code UNIQ_KEY} property, may be null
     * @param keys the {@code KEYS} property (words separated by spaces), may be null
     */
    public void put(String topic, String uniqKey, String keys, long phyOffset, long storeTimestamp) {
        // Most records carry a UNIQ_KEY and no KEYS: index that one key without building a set.
        Collection<String> indexKeys = keys == null || keys.isEmpty()
                ? (uniqKey == null || uniqKey.isEmpty() ? List.of() : List.of(IndexKeys.indexKey(topic, uniqKey)))
                : IndexKeys.keysOf(topic, uniqKey, keys);
        if (indexKeys.isEmpty()) {
            return;
        }
        synchronized (lock) {
            if (phyOffset <= lastIndexedPhyOffset) {
                log.debug("skipping already indexed record at {} (last indexed {})", phyOffset,
                        lastIndexedPhyOffset);
                return;
            }
            IndexFile file = writableFile(indexKeys.size());
            for (String key : indexKeys) {
                // Only a record with more keys than a whole file holds gets here with a full file.
                while (!file.put(key, phyOffset, storeTimestamp)) {
                    file = roll();
                }
            }
            lastIndexedPhyOffset = phyOffset;
        }
    }

    /** The last file if it has room for {@code keyCount} entries, else a new one. */
    private IndexFile writableFile(int keyCount) {
        IndexFile last = files.isEmpty() ? null : files.get(files.size() - 1);
        if (last != null && !last.isFull()
                && (last.freeEntries() >= keyCount || last.isEmpty())) {
            return last;
        }
        return roll();
    }

    /** Flushes the current file and starts a new one. */
    private IndexFile roll() {
        IndexFile previous = files.isEmpty() ? null : files.get(files.size() - 1);
        if (previous != null) {
            // It will not change any more: make it durable now rather than leave it to a later flush.
            previous.flush();
        }
        IndexFile created = createFile();
        files.add(created);
        if (previous == null) {
            log.info("started index file {} in {}", created.fileName(), dir);
        } else {
            log.info("started index file {} after {} with {} entries", created.fileName(), previous.fileName(),
                    previous.getIndexCount() - 1);
        }
        return created;
    }

    private IndexFile createFile() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create index directory " + dir, e);
        }
        // Names must be unique and increase with creation, which a clock alone does not promise.
        long nowMs = clock.millis();
        if (lastCreatedMs != Long.MIN_VALUE && nowMs <= lastCreatedMs) {
            nowMs = lastCreatedMs + 1;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                IndexFile file = IndexFile.create(dir, hashSlotNum, indexNum, nowMs, clock.getZone());
                lastCreatedMs = nowMs;
                return file;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof FileAlreadyExistsException) || attempt >= NAME_ATTEMPTS) {
                    throw e;
                }
                nowMs++;
            }
        }
    }

    /**
     * The commit-log offsets of records indexed under {@code topic#key} with a store time in
     * {@code [beginTs, endTs]}: newest first, without repeats, at most {@code maxNum}. Different keys with
     * equal hashes are not told apart (the caller re-checks the records). Any thread.
     */
    public List<Long> query(String topic, String key, int maxNum, long beginTs, long endTs) {
        if (maxNum <= 0) {
            return List.of();
        }
        String indexKey = IndexKeys.indexKey(topic, key);
        Set<Long> found = new LinkedHashSet<>();
        List<Long> fromFile = new ArrayList<>();
        List<IndexFile> snapshot = List.copyOf(files);
        for (int i = snapshot.size() - 1; i >= 0 && found.size() < maxNum; i--) {
            IndexFile file = snapshot.get(i);
            if (!file.overlaps(beginTs, endTs)) {
                continue;
            }
            fromFile.clear();
            file.query(indexKey, beginTs, endTs, maxNum, fromFile);
            for (Long offset : fromFile) {
                if (found.size() >= maxNum) {
                    break;
                }
                found.add(offset);
            }
        }
        return List.copyOf(found);
    }

    /**
     * Recovery: deletes the files whose endPhyOffset is at or above {@code maxPhyOffset}, the end of the
     * recovered commit log, since they may index records that the crash cut off. Empty files are kept.
     *
     * @return the commit-log offset from which records must be indexed again (the smallest beginPhyOffset
     *         of the deleted files), or {@link Long#MAX_VALUE} if nothing was deleted
     */
    public long truncateAbove(long maxPhyOffset) {
        synchronized (lock) {
            long reindexFrom = Long.MAX_VALUE;
            List<IndexFile> doomed = new ArrayList<>();
            for (IndexFile file : files) {
                if (!file.isEmpty() && file.getEndPhyOffset() >= maxPhyOffset) {
                    doomed.add(file);
                    reindexFrom = Math.min(reindexFrom, file.getBeginPhyOffset());
                }
            }
            // Out of the list first, so that no new query starts on a file being deleted.
            files.removeAll(doomed);
            doomed.forEach(IndexFile::delete);
            lastIndexedPhyOffset = computeLastIndexedPhyOffset();
            if (!doomed.isEmpty()) {
                log.warn("deleted {} index files reaching commit-log offset {} or above; records from {} must be"
                        + " indexed again", doomed.size(), maxPhyOffset, reindexFrom);
            }
            return reindexFrom;
        }
    }

    /**
     * Retention: deletes the files whose endPhyOffset is below {@code minPhyOffset}, the start of the
     * commit log still kept, since every record they point at is gone. The last file is never deleted, so
     * the dispatcher always has the file it is writing.
     *
     * @return how many files were deleted
     */
    public int deleteFilesBelow(long minPhyOffset) {
        synchronized (lock) {
            List<IndexFile> doomed = new ArrayList<>();
            for (int i = 0; i < files.size() - 1; i++) {
                IndexFile file = files.get(i);
                if (!file.isEmpty() && file.getEndPhyOffset() < minPhyOffset) {
                    doomed.add(file);
                }
            }
            files.removeAll(doomed);
            doomed.forEach(IndexFile::delete);
            if (!doomed.isEmpty()) {
                log.info("deleted {} index files below commit-log offset {}", doomed.size(), minPhyOffset);
            }
            return doomed.size();
        }
    }

    /** Forces what was put since the last flush to disk. */
    public void flush() {
        synchronized (lock) {
            files.forEach(IndexFile::flush);
        }
    }

    /** Flushes and closes every file. {@link #load} may be called again afterwards. */
    public void close() {
        synchronized (lock) {
            files.forEach(IndexFile::close);
            files.clear();
            lastIndexedPhyOffset = -1;
            lastCreatedMs = Long.MIN_VALUE;
        }
    }

    /** Commit-log offset of the last indexed record, -1 if none. */
    public long lastIndexedPhyOffset() {
        synchronized (lock) {
            return lastIndexedPhyOffset;
        }
    }

    /** Store time of the last indexed record (RocketMQ's {@code indexLastUpdateTimestamp}), 0 if none. */
    public long lastIndexedTimestamp() {
        IndexFile last = lastNonEmpty(List.copyOf(files));
        return last == null ? 0 : last.getEndTimestamp();
    }

    /** Number of index files. */
    public int fileCount() {
        return files.size();
    }

    /** Names of the index files, oldest first. */
    public List<String> fileNames() {
        return files.stream().map(IndexFile::fileName).toList();
    }

    public Path dir() {
        return dir;
    }

    private long computeLastIndexedPhyOffset() {
        IndexFile last = lastNonEmpty(files);
        return last == null ? -1 : last.getEndPhyOffset();
    }

    private static IndexFile lastNonEmpty(List<IndexFile> list) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (!list.get(i).isEmpty()) {
                return list.get(i);
            }
        }
        return null;
    }
}
