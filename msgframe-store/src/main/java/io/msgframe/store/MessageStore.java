package io.msgframe.store;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.CommitLog;
import io.msgframe.store.config.FlushMode;
import io.msgframe.store.config.StoreConfig;
import io.msgframe.store.dispatch.DispatchListener;
import io.msgframe.store.dispatch.Dispatcher;
import io.msgframe.store.file.SegmentAllocator;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.file.SegmentedLog;
import io.msgframe.store.flush.AsyncFlusher;
import io.msgframe.store.flush.CheckpointService;
import io.msgframe.store.flush.CommitLogFlusher;
import io.msgframe.store.flush.GroupCommitFlusher;
import io.msgframe.store.index.IndexService;
import io.msgframe.store.queue.ConsumeQueueTable;
import io.msgframe.store.read.CommitLogScanner;
import io.msgframe.store.read.GetMessageResult;
import io.msgframe.store.read.MessageFilter;
import io.msgframe.store.read.MessageReader;
import io.msgframe.store.recovery.Checkpoint;
import io.msgframe.store.recovery.Quarantine;
import io.msgframe.store.recovery.StoreRecovery;
import io.msgframe.store.retention.DiskUsage;
import io.msgframe.store.retention.RetentionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The store: wires the commit log, flusher, dispatcher, consume queues, index, checkpoint and retention, and
 * runs recovery at start. It holds no logic of its own beyond the order of start and stop.
 *
 * <p>Life cycle: {@link #start()} (recover, then serve) → appends and reads from any thread →
 * {@link #shutdown()} (refuse appends, flush, dispatch the rest, write a clean checkpoint, remove
 * {@code abort}). A store left without {@code shutdown} (killed) is recovered by scanning at the next start.
 */
public final class MessageStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);

    private final StoreConfig config;
    private final Clock clock;
    private final SegmentAllocator allocator;
    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final Quarantine quarantine;
    private final Dispatcher dispatcher;
    private final MessageReader reader;
    private final RetentionService retention;
    private final CheckpointService checkpoints;
    private final List<DispatchListener> beforeConsumeQueue = new CopyOnWriteArrayList<>();
    private CommitLogFlusher flusher;
    private StoreRecovery.Report recoveryReport;
    private volatile boolean started;

    public MessageStore(StoreConfig config) {
        this(config, Clock.systemDefaultZone(), DiskUsage.FILE_SYSTEM);
    }

    public MessageStore(StoreConfig config, Clock clock, DiskUsage diskUsage) {
        this.config = config;
        this.clock = clock;
        this.allocator = config.get(StoreConfig.PREALLOCATE_SEGMENTS)
                ? new SegmentAllocator("msgframe-segment-allocator", config.get(StoreConfig.WARM_SEGMENTS)) : null;
        SegmentedLog segments = new SegmentedLog(config.commitLogDir(), config.commitLogSegmentBytes(), allocator);
        this.commitLog = new CommitLog(segments, config.get(StoreConfig.MAX_MESSAGE_BYTES), clock);
        this.commitLog.setSyncFlushTimeoutMs(config.get(StoreConfig.SYNC_FLUSH_TIMEOUT_MS));
        this.queues = new ConsumeQueueTable(config.consumeQueueDir(), config.consumeQueueSegmentBytes());
        this.index = new IndexService(config.indexDir(), config.get(StoreConfig.INDEX_HASH_SLOTS),
                config.get(StoreConfig.INDEX_ENTRIES), clock);
        this.quarantine = new Quarantine(config.quarantineFile());
        this.dispatcher = new Dispatcher(commitLog, quarantine);
        this.dispatcher.addListener(this::toConsumeQueue);
        this.dispatcher.addListener(this::toIndex);
        this.reader = new MessageReader(commitLog, queues, index, quarantine,
                config.get(StoreConfig.MAX_TRANSFER_COUNT), config.get(StoreConfig.MAX_TRANSFER_BYTES),
                config.get(StoreConfig.VERIFY_CRC_ON_READ));
        this.retention = new RetentionService(config, commitLog, queues, index, quarantine, diskUsage, clock);
        this.checkpoints = new CheckpointService(config.checkpointFile(), commitLog, dispatcher, queues, index,
                config.get(StoreConfig.CONSUME_QUEUE_FLUSH_INTERVAL_MS), clock);
    }

    private void toConsumeQueue(io.msgframe.store.dispatch.DispatchRequest r) {
        if (SysFlag.isDispatchedToConsumeQueue(r.sysFlag())) {
            for (DispatchListener listener : beforeConsumeQueue) {
                listener.dispatch(r);
            }
            queues.findOrCreate(r.topic(), r.queueId()).put(r.queueOffset(), r.physicalOffset(), r.size(),
                    r.tagsCode());
        }
    }

    private void toIndex(io.msgframe.store.dispatch.DispatchRequest r) {
        if (SysFlag.transactionType(r.sysFlag()) != SysFlag.TRANSACTION_ROLLBACK_TYPE) {
            index.put(r.topic(), r.property(PropertyKeys.UNIQ_KEY), r.property(PropertyKeys.KEYS),
                    r.physicalOffset(), r.storeTimestamp());
        }
    }

    /**
     * Adds a listener run on each record that gets a consume-queue entry, just before the entry is written; it may
     * replace the entry's tags code ({@link io.msgframe.store.dispatch.DispatchRequest#setTagsCode}), e.g. with a
     * delivery time. Add it before {@link #start()} so that recovery's replay applies it too.
     */
    public void addBeforeConsumeQueueListener(DispatchListener listener) {
        beforeConsumeQueue.add(listener);
    }

    /** Adds a listener told of every record after the consume queues and index (long polling, delays...). */
    public void addDispatchListener(DispatchListener listener) {
        dispatcher.addListener(listener);
    }

    /** Recovers the files and starts the background services. */
    public synchronized void start() {
        if (started) {
            return;
        }
        try {
            Files.createDirectories(config.root());
            boolean crashed = Files.exists(config.abortFile());
            Checkpoint checkpoint = readCheckpoint();
            if (!crashed && !checkpoint.isCleanStop() && hasCommitLogFiles()) {
                log.warn("no clean-stop checkpoint but commit-log files exist: recovering as after a crash");
                crashed = true;
            }
            quarantine.load();
            index.load();
            recoveryReport = new StoreRecovery(commitLog, queues, index, dispatcher, quarantine)
                    .run(checkpoint, crashed, config.get(StoreConfig.CHECK_CRC_ON_RECOVER));
            checkpoints.write(-1);
            Files.writeString(config.abortFile(), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the store in " + config.root(), e);
        }
        SegmentedLog segments = commitLog.segments();
        flusher = config.flushMode() == FlushMode.SYNC
                ? new GroupCommitFlusher(segments)
                : new AsyncFlusher(segments, config.get(StoreConfig.FLUSH_INTERVAL_MS),
                config.get(StoreConfig.FLUSH_MIN_PAGES), config.get(StoreConfig.FLUSH_THOROUGH_INTERVAL_MS), clock);
        flusher.start();
        retention.start();
        commitLog.start(flusher, retention::isWritable, dispatcher::wakeUp);
        dispatcher.start();
        checkpoints.start();
        started = true;
        log.info("store started in {}: commit log [{}, {}), {} consume queue(s), flush {}", config.root(),
                commitLog.minOffset(), commitLog.maxOffset(), queues.all().size(), config.flushMode());
    }

    /**
     * The checkpoint, or {@link Checkpoint#EMPTY} when it is garbage: it only says where recovery may start
     * scanning, so a corrupt one costs a full scan of the commit log, never the store.
     */
    private Checkpoint readCheckpoint() {
        try {
            return Checkpoint.read(config.checkpointFile());
        } catch (IllegalStateException e) {
            log.error("{}; ignoring it: recovering by a full scan of the commit log", e.getMessage(), e);
            return Checkpoint.EMPTY;
        }
    }

    private boolean hasCommitLogFiles() throws IOException {
        if (!Files.isDirectory(config.commitLogDir())) {
            return false;
        }
        try (var files = Files.list(config.commitLogDir())) {
            return files.findAny().isPresent();
        }
    }

    /** Stops in reverse order of start; leaves a clean-stop checkpoint and no {@code abort} file. */
    public synchronized void shutdown() {
        if (!started) {
            return;
        }
        started = false;
        commitLog.stop();
        checkpoints.stop();
        retention.stop();
        flusher.close();
        dispatcher.stop();
        long end = commitLog.maxOffset();
        checkpoints.write(end);
        if (allocator != null) {
            allocator.close();
        }
        index.close();
        queues.closeAll();
        commitLog.segments().close();
        try {
            Files.deleteIfExists(config.abortFile());
        } catch (IOException e) {
            log.error("cannot remove {}: the next start will recover as after a crash", config.abortFile(), e);
        }
        log.info("store stopped cleanly at commit-log offset {}", end);
    }

    @Override
    public void close() {
        shutdown();
    }

    // --- writes -------------------------------------------------------------------------------------

    public CompletableFuture<AppendResult> appendAsync(MessageDraft draft) {
        return commitLog.appendAsync(draft);
    }

    /** Appends, telling {@code placed} the record's place (or the refusal) before returning; see CommitLog. */
    public CompletableFuture<AppendResult> appendAsync(MessageDraft draft, Consumer<AppendResult> placed) {
        return commitLog.appendAsync(draft, placed);
    }

    /** Appends a batch, telling {@code placed} the records' place (or the refusal) before returning. */
    public CompletableFuture<AppendResult> appendBatchAsync(MessageDraft template, ByteBuffer batchBody,
                                                            Consumer<AppendResult> placed) {
        return commitLog.appendBatchAsync(template, batchBody, placed);
    }

    public AppendResult append(MessageDraft draft) {
        return commitLog.append(draft);
    }

    public CompletableFuture<AppendResult> appendBatchAsync(MessageDraft template, ByteBuffer batchBody) {
        return commitLog.appendBatchAsync(template, batchBody);
    }

    public AppendResult appendBatch(MessageDraft template, ByteBuffer batchBody) {
        return commitLog.appendBatch(template, batchBody);
    }

    // --- reads --------------------------------------------------------------------------------------

    public GetMessageResult getMessages(String group, String topic, int queueId, long offset, int maxCount,
                                        MessageFilter filter) {
        return reader.getMessages(group, topic, queueId, offset, maxCount, filter);
    }

    /** The record at a commit-log offset (checked), or null; close the slice when done. */
    public SegmentSlice readRecord(long physicalOffset) {
        return reader.readRecord(physicalOffset);
    }

    public List<SegmentSlice> queryByKey(String topic, String key, int maxNum, long beginMs, long endMs) {
        return reader.queryByKey(topic, key, maxNum, beginMs, endMs);
    }

    /**
     * Visits every stored record from a commit-log offset to the end written now (services rebuilding their
     * state at start); returns the offset reached.
     */
    public long scanRecords(long fromOffset, CommitLogScanner.RecordVisitor visitor) {
        return new CommitLogScanner(commitLog).scan(fromOffset, visitor);
    }

    public long offsetByTime(String topic, int queueId, long timestampMs) {
        return reader.offsetByTime(topic, queueId, timestampMs);
    }

    public long minOffset(String topic, int queueId) {
        return reader.minOffset(topic, queueId);
    }

    public long maxOffset(String topic, int queueId) {
        return reader.maxOffset(topic, queueId);
    }

    public long storeTimeAt(String topic, int queueId, long queueOffset) {
        return reader.storeTimeAt(topic, queueId, queueOffset);
    }

    // --- state, for the broker, tests and benchmarks -----------------------------------------------

    public StoreConfig config() {
        return config;
    }

    public CommitLog commitLog() {
        return commitLog;
    }

    public ConsumeQueueTable consumeQueues() {
        return queues;
    }

    /** The key index (QUERY_MESSAGE reports its last update offset and time). */
    public IndexService index() {
        return index;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public CommitLogFlusher flusher() {
        return flusher;
    }

    public Quarantine quarantine() {
        return quarantine;
    }

    public RetentionService retention() {
        return retention;
    }

    /** What the last start found (crash or not, what was cut, rebuilt, replayed). */
    public StoreRecovery.Report recoveryReport() {
        return recoveryReport;
    }

    public boolean isWritable() {
        return started && retention.isWritable();
    }

    /** Blocks until the dispatcher has caught up with the writer (tests, benchmarks, clean stop). */
    public void awaitDispatched(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (dispatcher.dispatchedOffset() < commitLog.maxOffset()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dispatcher at " + dispatcher.dispatchedOffset()
                        + " did not reach " + commitLog.maxOffset() + " in " + timeoutMs + " ms");
            }
            Thread.sleep(1);
        }
    }

    public Path root() {
        return config.root();
    }
}
