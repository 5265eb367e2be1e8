package io.msgframe.store.read;

import io.msgframe.store.file.SegmentSlice;

import java.util.List;

/**
 * Messages read from one queue: the stored records as slices of the mapped files (send them as they are,
 * then {@link #close()} to release the files), the status, where the next read starts, and the queue's
 * bounds at the time of the read.
 */
public record GetMessageResult(GetMessageStatus status, List<SegmentSlice> messages, long[] queueOffsets,
                               long nextBeginOffset, long minOffset, long maxOffset) implements AutoCloseable {

    public static GetMessageResult empty(GetMessageStatus status, long next, long min, long max) {
        return new GetMessageResult(status, List.of(), new long[0], next, min, max);
    }

    public int messageCount() {
        return messages.size();
    }

    public int totalBytes() {
        int total = 0;
        for (SegmentSlice slice : messages) {
            total += slice.length();
        }
        return total;
    }

    @Override
    public void close() {
        for (SegmentSlice slice : messages) {
            slice.close();
        }
    }
}
