package io.msgframe.store.flush;

import java.util.concurrent.CompletableFuture;

/** Makes appended bytes durable according to the flush mode; one background thread per implementation. */
public interface CommitLogFlusher extends AutoCloseable {

    void start();

    /**
     * Called by the appender once its record is in the page cache.
     *
     * @param endOffset    commit-log offset just past the record
     * @param waitForFlush the message asked to be acknowledged only once stored (property WAIT, default true)
     * @return completes with true when the append may be acknowledged under this mode
     */
    CompletableFuture<Boolean> afterAppend(long endOffset, boolean waitForFlush);

    /** Whether appends may wait for this flusher (sync flush); false lets the writer skip reading WAIT. */
    default boolean waitsForFlush() {
        return true;
    }

    /** Forces calls to {@code force} so far: with messages appended, the messages-per-force figure. */
    long forceCount();

    /** Stops the thread after a last flush of everything written. */
    @Override
    void close();
}
