package io.msgframe.store.dispatch;

import io.msgframe.protocol.message.MagicCode;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.store.ServiceThread;
import io.msgframe.store.commitlog.CommitLog;
import io.msgframe.store.file.MappedSegment;
import io.msgframe.store.recovery.Quarantine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows the commit log behind the writer and hands every record to the listeners (consume queues, index,
 * long polling, delay and transaction services). One thread; {@link #dispatchedOffset()} is the commit-log
 * offset up to which every listener has seen every record. The writer wakes it after each append.
 */
public final class Dispatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final CommitLog commitLog;
    private final Quarantine quarantine;
    private final List<DispatchListener> listeners = new CopyOnWriteArrayList<>();
    private final MessageRecord record = new MessageRecord();
    private final DispatchRequest request = new DispatchRequest();
    private final ServiceThread thread;
    private volatile long dispatchedOffset;
    private volatile boolean parked;

    public Dispatcher(CommitLog commitLog, Quarantine quarantine) {
        this.commitLog = commitLog;
        this.quarantine = quarantine;
        this.thread = new ServiceThread("msgframe-dispatcher", this);
    }

    public void addListener(DispatchListener listener) {
        listeners.add(listener);
    }

    public long dispatchedOffset() {
        return dispatchedOffset;
    }

    public void setDispatchedOffset(long offset) {
        this.dispatchedOffset = offset;
    }

    public void start() {
        thread.start();
    }

    /** Called by the appender: cheap unless the dispatcher sleeps. */
    public void wakeUp() {
        if (parked) {
            thread.wakeUp();
        }
    }

    /** Dispatches what is written, then stops the thread. */
    public void stop() {
        thread.stop(30_000);
    }

    @Override
    public void run() {
        while (thread.isRunning()) {
            try {
                if (dispatchAvailable() == 0) {
                    parked = true;
                    if (dispatchedOffset >= commitLog.maxOffset() && thread.isRunning()) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                    parked = false;
                }
            } catch (RuntimeException e) {
                log.error("dispatch failed at commit-log offset {}; retrying", dispatchedOffset, e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        dispatchAvailable();
    }

    /**
     * Dispatches every record between {@link #dispatchedOffset()} and the end of the log. Recovery calls it
     * directly (before the thread runs) to replay the commit log into the consume queues and index.
     *
     * @return records dispatched
     */
    public int dispatchAvailable() {
        int dispatched = 0;
        long offset = dispatchedOffset;
        while (offset < commitLog.maxOffset()) {
            MappedSegment segment = commitLog.segments().find(offset);
            if (segment == null) {
                long min = commitLog.minOffset();
                if (offset < min) {
                    log.warn("dispatch offset {} is below the commit log's first file; skipping to {}", offset, min);
                    offset = min;
                    dispatchedOffset = offset;
                    continue;
                }
                break;
            }
            ByteBuffer view = segment.readView();
            int position = (int) (offset - segment.startOffset());
            int end = segment.wrotePosition();
            while (position < end) {
                long skipTo = quarantine.endOfRangeContaining(offset);
                if (skipTo > offset) {
                    position += (int) (skipTo - offset);
                    offset = skipTo;
                    continue;
                }
                int size = view.getInt(position);
                int magic = view.getInt(position + 4);
                if (magic == MagicCode.BLANK) {
                    offset = segment.endOffset();
                    break;
                }
                if (!MagicCode.isRecord(magic) || size < MessageRecord.MIN_RECORD_SIZE || position + size > end) {
                    log.error("unreadable record in {} at position {} (commit-log offset {}): size {}, magic 0x{};"
                            + " skipping the rest of the file", segment.path(), position, offset, size,
                            Integer.toHexString(magic));
                    offset = segment.endOffset();
                    break;
                }
                record.wrap(view, position);
                request.fill(record, offset);
                for (DispatchListener listener : listeners) {
                    listener.dispatch(request);
                }
                position += size;
                offset += size;
                dispatched++;
                dispatchedOffset = offset;
            }
            if (position >= segment.size()) {
                offset = Math.max(offset, segment.endOffset());
            }
            dispatchedOffset = offset;
            if (position < segment.size() && offset < segment.endOffset()) {
                break;
            }
        }
        return dispatched;
    }
}
