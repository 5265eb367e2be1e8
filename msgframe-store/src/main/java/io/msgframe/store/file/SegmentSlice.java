package io.msgframe.store.file;

import java.nio.ByteBuffer;

/**
 * Bytes of a mapped file handed to a reader, with the reference that keeps the file mapped. Close it once
 * the bytes are sent or copied; fit for zero-copy transfer (wrap the buffer, release on completion).
 */
public final class SegmentSlice implements AutoCloseable {
    private final MappedSegment segment;
    private final long logOffset;
    private final ByteBuffer buffer;
    private boolean closed;

    SegmentSlice(MappedSegment segment, long logOffset, ByteBuffer buffer) {
        this.segment = segment;
        this.logOffset = logOffset;
        this.buffer = buffer;
    }

    /** Log offset of the first byte. */
    public long logOffset() {
        return logOffset;
    }

    /** Read-only; position 0, limit = length. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public int length() {
        return buffer.limit();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            segment.release();
        }
    }
}
