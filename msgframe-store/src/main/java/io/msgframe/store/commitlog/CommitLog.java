package io.msgframe.store.commitlog;

import io.msgframe.protocol.message.BatchBody;
import io.msgframe.protocol.message.MagicCode;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageFormatException;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.MessageRecordEncoder;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.store.file.MappedSegment;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.file.SegmentedLog;
import io.msgframe.store.flush.CommitLogFlusher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The commit log: every message of every topic appended, in arrival order, to one {@link SegmentedLog} of
 * RocketMQ records. Appenders encode their record outside the lock (CRC, body copy); under the lock the
 * writer only picks the position and the queue offset, patches three fields and copies the bytes into the
 * mapped file. A record never spans files: the tail of a file that cannot hold the next record plus a blank
 * marker gets the blank marker, and the record goes to the next file.
 */
public final class CommitLog {
    private static final Logger log = LoggerFactory.getLogger(CommitLog.class);
    private static final int PROPERTIES_HEADROOM = 64 * 1024;
    private static final Consumer<AppendResult> NOT_TOLD = result -> { };

    private final SegmentedLog segments;
    private final int maxMessageBytes;
    private final Clock clock;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final QueueOffsetTable queueOffsets = new QueueOffsetTable();
    private final ThreadLocal<Encoding> encodings;
    private final ByteBuffer blank = ByteBuffer.allocate(MagicCode.BLANK_SIZE);
    private CommitLogFlusher flusher;
    private BooleanSupplier writable = () -> true;
    private Runnable onAppend = () -> { };
    private volatile boolean running;

    /** Per-thread encoding state, reused so that an append allocates almost nothing. */
    private static final class Encoding {
        final MessageRecordEncoder encoder = new MessageRecordEncoder();
        final MessageDraft entry = new MessageDraft();
        ByteBuffer buffer;

        Encoding(int capacity) {
            buffer = ByteBuffer.allocate(capacity);
        }
    }

    public CommitLog(SegmentedLog segments, int maxMessageBytes, Clock clock) {
        this.segments = segments;
        this.maxMessageBytes = maxMessageBytes;
        this.clock = clock;
        int capacity = maxMessageBytes + PROPERTIES_HEADROOM;
        this.encodings = ThreadLocal.withInitial(() -> new Encoding(capacity));
    }

    /**
     * Wires the flush policy, the disk-space gate and the dispatcher's wake-up, then accepts appends.
     * Called once recovery has set the log's positions and queue offsets.
     */
    public void start(CommitLogFlusher flusher, BooleanSupplier writable, Runnable onAppend) {
        this.flusher = flusher;
        this.writable = writable;
        this.onAppend = onAppend;
        this.running = true;
    }

    /** Refuses appends from now on; appends in progress finish. */
    public void stop() {
        running = false;
        appendLock.lock();
        appendLock.unlock();
    }

    public SegmentedLog segments() {
        return segments;
    }

    public long minOffset() {
        return segments.minOffset();
    }

    /** One past the last byte written (and visible to readers). */
    public long maxOffset() {
        return segments.maxOffset();
    }

    /**
     * Appends one message; completes when it is as durable as the flush mode promises.
     * The future never completes exceptionally: failures are statuses.
     */
    public CompletableFuture<AppendResult> appendAsync(MessageDraft draft) {
        return appendAsync(draft, NOT_TOLD);
    }

    /**
     * {@link #appendAsync(MessageDraft)}, telling {@code placed} what the append did before this returns: the
     * record's place in the log (written, not yet flushed) or the refusal. A caller that serializes its own
     * appends per key (the broker's idempotent producer) learns the result inside its critical section, even
     * when the future waits for a sync flush.
     */
    public CompletableFuture<AppendResult> appendAsync(MessageDraft draft, Consumer<AppendResult> placed) {
        CompletableFuture<AppendResult> future = appendAsync0(draft, placed);
        if (future.isDone() && !future.join().status().isWritten()) {
            placed.accept(future.join());
        }
        return future;
    }

    private CompletableFuture<AppendResult> appendAsync0(MessageDraft draft, Consumer<AppendResult> placed) {
        AppendResult refused = checkAccepting(draft);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        Encoding encoding = encodings.get();
        ByteBuffer buffer = encoding.buffer;
        buffer.clear();
        try {
            encoding.encoder.encode(draft, buffer);
        } catch (MessageFormatException e) {
            return CompletableFuture.completedFuture(formatFailure(e));
        } catch (BufferOverflowException e) {
            return CompletableFuture.completedFuture(
                    AppendResult.failed(AppendStatus.MESSAGE_ILLEGAL, "message too large to store"));
        }
        buffer.flip();
        if (buffer.remaining() + MagicCode.BLANK_SIZE > segments.segmentSize()) {
            // would otherwise mark the file's end, roll, and fail to fit in the empty next file either
            return CompletableFuture.completedFuture(AppendResult.failed(AppendStatus.MESSAGE_ILLEGAL,
                    "record of " + buffer.remaining() + " bytes does not fit in one commit-log file"));
        }
        boolean dispatched = SysFlag.isDispatchedToConsumeQueue(draft.sysFlag());
        AppendResult result = write(buffer, draft.topic(), draft.queueId(), 1, dispatched);
        if (result.status().isWritten()) {
            placed.accept(result);
        }
        return awaitFlush(result, draft.properties());
    }

    /**
     * Appends a SEND_BATCH_MESSAGE body as one record per entry, with consecutive queue offsets, in one file.
     * Every field an entry lacks comes from {@code template} (topic, queue, hosts, born time, sysflag).
     */
    public CompletableFuture<AppendResult> appendBatchAsync(MessageDraft template, ByteBuffer batchBody) {
        return appendBatchAsync(template, batchBody, NOT_TOLD);
    }

    /** {@link #appendBatchAsync(MessageDraft, ByteBuffer)}, telling {@code placed} as the single form does. */
    public CompletableFuture<AppendResult> appendBatchAsync(MessageDraft template, ByteBuffer batchBody,
                                                            Consumer<AppendResult> placed) {
        CompletableFuture<AppendResult> future = appendBatchAsync0(template, batchBody, placed);
        if (future.isDone() && !future.join().status().isWritten()) {
            placed.accept(future.join());
        }
        return future;
    }

    private CompletableFuture<AppendResult> appendBatchAsync0(MessageDraft template, ByteBuffer batchBody,
                                                              Consumer<AppendResult> placed) {
        AppendResult refused = checkAccepting(template);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        if (batchBody.remaining() > maxMessageBytes) {
            // as RocketMQ: maxMessageSize bounds the whole SEND_BATCH_MESSAGE body
            return CompletableFuture.completedFuture(AppendResult.failed(AppendStatus.MESSAGE_ILLEGAL,
                    "batch body of " + batchBody.remaining() + " bytes exceeds maxMessageBytes " + maxMessageBytes));
        }
        Encoding encoding = encodings.get();
        int count;
        try {
            count = encodeBatch(encoding, template, batchBody);
        } catch (MessageFormatException e) {
            return CompletableFuture.completedFuture(formatFailure(e));
        }
        if (count == 0) {
            return CompletableFuture.completedFuture(
                    AppendResult.failed(AppendStatus.MESSAGE_ILLEGAL, "empty batch"));
        }
        ByteBuffer buffer = encoding.buffer;
        if (buffer.remaining() + MagicCode.BLANK_SIZE > segments.segmentSize()) {
            return CompletableFuture.completedFuture(AppendResult.failed(AppendStatus.MESSAGE_ILLEGAL,
                    "batch of " + buffer.remaining() + " bytes does not fit in one commit-log file"));
        }
        boolean dispatched = SysFlag.isDispatchedToConsumeQueue(template.sysFlag());
        AppendResult result = write(buffer, template.topic(), template.queueId(), count, dispatched);
        if (result.status().isWritten()) {
            placed.accept(result);
        }
        return awaitFlush(result, template.properties());
    }

    /** Blocking form of {@link #appendAsync}. */
    public AppendResult append(MessageDraft draft) {
        return appendAsync(draft).join();
    }

    /** Blocking form of {@link #appendBatchAsync}. */
    public AppendResult appendBatch(MessageDraft template, ByteBuffer batchBody) {
        return appendBatchAsync(template, batchBody).join();
    }

    private AppendResult checkAccepting(MessageDraft draft) {
        if (!running) {
            return AppendResult.failed(AppendStatus.SERVICE_NOT_AVAILABLE, "the store is not running");
        }
        if (!writable.getAsBoolean()) {
            return AppendResult.failed(AppendStatus.DISK_FULL, "disk use is above the refusal ratio");
        }
        if (draft.topic() == null || draft.topic().isEmpty()) {
            return AppendResult.failed(AppendStatus.MESSAGE_ILLEGAL, "empty topic");
        }
        if (draft.queueId() < 0) {
            return AppendResult.failed(AppendStatus.MESSAGE_ILLEGAL, "negative queue id " + draft.queueId());
        }
        if (draft.body().remaining() > maxMessageBytes) {
            return AppendResult.failed(AppendStatus.MESSAGE_ILLEGAL, "body of " + draft.body().remaining()
                    + " bytes exceeds maxMessageBytes " + maxMessageBytes);
        }
        return null;
    }

    private static AppendResult formatFailure(MessageFormatException e) {
        AppendStatus status = e.reason() == MessageFormatException.Reason.PROPERTIES_TOO_LARGE
                ? AppendStatus.PROPERTIES_SIZE_EXCEEDED : AppendStatus.MESSAGE_ILLEGAL;
        return AppendResult.failed(status, e.getMessage());
    }

    private int encodeBatch(Encoding encoding, MessageDraft template, ByteBuffer batchBody) {
        while (true) {
            ByteBuffer buffer = encoding.buffer;
            buffer.clear();
            BatchBody batch = new BatchBody(batchBody);
            int count = 0;
            try {
                while (batch.hasNext()) {
                    batch.next();
                    MessageDraft entry = encoding.entry.topic(template.topic()).queueId(template.queueId())
                            .flag(batch.flag()).sysFlag(template.sysFlag()).bornTimestamp(template.bornTimestamp())
                            .bornHost(template.bornHost()).storeHost(template.storeHost())
                            .reconsumeTimes(template.reconsumeTimes())
                            .preparedTransactionOffset(template.preparedTransactionOffset())
                            .body(batch.body()).properties(batch.properties());
                    encoding.encoder.encode(entry, buffer);
                    count++;
                }
                buffer.flip();
                return count;
            } catch (BufferOverflowException e) {
                if (buffer.capacity() >= segments.segmentSize()) {
                    throw new MessageFormatException(MessageFormatException.Reason.BODY_TOO_LARGE,
                            "batch does not fit in one commit-log file");
                }
                encoding.buffer = ByteBuffer.allocate((int) Math.min(segments.segmentSize(),
                        2L * buffer.capacity()));
            }
        }
    }

    /**
     * The only code under the lock: place the encoded record(s) in {@code buffer} at the end of the log.
     * Records of a batch get consecutive queue offsets.
     */
    private AppendResult write(ByteBuffer buffer, String topic, int queueId, int count, boolean dispatched) {
        int length = buffer.remaining();
        appendLock.lock();
        try {
            if (!running) {
                return AppendResult.failed(AppendStatus.SERVICE_NOT_AVAILABLE, "the store is stopping");
            }
            MappedSegment segment;
            try {
                segment = segments.lastOrCreate(0);
                if (length + MagicCode.BLANK_SIZE > segment.remaining()) {
                    writeBlank(segment);
                    segment = segments.roll();
                }
            } catch (RuntimeException e) {
                log.error("cannot create the next commit-log file", e);
                return AppendResult.failed(AppendStatus.CREATE_SEGMENT_FAILED, e.getMessage());
            }
            long physicalOffset = segment.startOffset() + segment.wrotePosition();
            long storeTimestamp = clock.millis();
            long firstQueueOffset = dispatched ? queueOffsets.advance(topic, queueId, count) : 0;
            long[] offsets = new long[count];
            int at = buffer.position();
            for (int i = 0; i < count; i++) {
                offsets[i] = physicalOffset + (at - buffer.position());
                MessageRecord.putPhysicalOffset(buffer, at, offsets[i]);
                MessageRecord.putQueueOffset(buffer, at, dispatched ? firstQueueOffset + i : 0);
                MessageRecord.putStoreTimestamp(buffer, at, storeTimestamp);
                at += buffer.getInt(at);
            }
            segment.append(buffer);
            return new AppendResult(AppendStatus.PUT_OK, physicalOffset, length, firstQueueOffset, storeTimestamp,
                    count, offsets, null);
        } finally {
            appendLock.unlock();
            onAppend.run();
        }
    }

    private void writeBlank(MappedSegment segment) {
        blank.clear();
        blank.putInt(segment.remaining()).putInt(MagicCode.BLANK).flip();
        segment.append(blank);
        segment.setWrotePosition(segment.size());
    }

    /** @param properties the message's properties: WAIT=false asks not to wait for the sync flush */
    private CompletableFuture<AppendResult> awaitFlush(AppendResult result, String properties) {
        if (!result.status().isWritten()) {
            return CompletableFuture.completedFuture(result);
        }
        boolean waitForFlush = flusher.waitsForFlush() && waitForFlush(properties);
        CompletableFuture<Boolean> flushed = flusher.afterAppend(result.endOffset(), waitForFlush);
        if (flushed.isDone()) {
            return CompletableFuture.completedFuture(flushed.join() ? result
                    : result.withStatus(AppendStatus.FLUSH_DISK_TIMEOUT, "flush failed"));
        }
        return flushed.completeOnTimeout(Boolean.FALSE, syncFlushTimeoutMs, TimeUnit.MILLISECONDS)
                .thenApply(ok -> ok ? result : result.withStatus(AppendStatus.FLUSH_DISK_TIMEOUT,
                        "not flushed within " + syncFlushTimeoutMs + " ms"));
    }

    private int syncFlushTimeoutMs = 5_000;

    public void setSyncFlushTimeoutMs(int timeoutMs) {
        this.syncFlushTimeoutMs = timeoutMs;
    }

    private static boolean waitForFlush(String properties) {
        return !"false".equals(MessageProperties.find(properties, PropertyKeys.WAIT_STORE_MSG_OK));
    }

    // --- reads ---------------------------------------------------------------------------------------

    /**
     * The record at {@code offset} of {@code size} bytes as a slice of the mapped file, or null when the
     * offset is not in the log (deleted, or beyond the end).
     */
    public SegmentSlice read(long offset, int size) {
        MappedSegment segment = segments.find(offset);
        if (segment == null) {
            return null;
        }
        int position = (int) (offset - segment.startOffset());
        if (position + size > segment.wrotePosition()) {
            return null;
        }
        return segment.slice(position, size);
    }

    /** Reads a record whose size is not known: its TOTALSIZE field decides. */
    public SegmentSlice read(long offset) {
        MappedSegment segment = segments.find(offset);
        // hold a reference while reading TOTALSIZE: retention may be unmapping the file at this moment
        if (segment == null || !segment.retain()) {
            return null;
        }
        try {
            int position = (int) (offset - segment.startOffset());
            if (position + MagicCode.BLANK_SIZE > segment.wrotePosition()) {
                return null;
            }
            int size = segment.readView().getInt(position);
            if (size < MessageRecord.MIN_RECORD_SIZE || position + (long) size > segment.wrotePosition()) {
                return null;
            }
            return segment.slice(position, size);
        } finally {
            segment.release();
        }
    }

    // --- recovery and queue offsets -----------------------------------------------------------------

    /** Sets the next queue offset of a queue: recovery rebuilds the table from consume queues. */
    public void setNextQueueOffset(String topic, int queueId, long nextOffset) {
        appendLock.lock();
        try {
            queueOffsets.set(topic, queueId, nextOffset);
        } finally {
            appendLock.unlock();
        }
    }

    public long nextQueueOffset(String topic, int queueId) {
        appendLock.lock();
        try {
            return queueOffsets.peek(topic, queueId);
        } finally {
            appendLock.unlock();
        }
    }

    /** "topic/queueId" → next queue offset. */
    public Map<String, Long> queueOffsetSnapshot() {
        appendLock.lock();
        try {
            return queueOffsets.snapshot();
        } finally {
            appendLock.unlock();
        }
    }

    public void removeTopic(String topic) {
        appendLock.lock();
        try {
            queueOffsets.remove(topic);
        } finally {
            appendLock.unlock();
        }
    }
}
