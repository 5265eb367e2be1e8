package io.msgframe.broker.transaction;

import io.msgframe.broker.ConfigFile;

import java.nio.file.Path;

/**
 * {@code config/transactionProgress.json}: where the check-back scan resumes after a restart. {@code halfOffset}:
 * every half record below it is settled (finished, or superseded by a newer copy above it); {@code opOffset}: op
 * records below it concern only transactions whose records are all below {@code halfOffset}. Written atomically
 * after each scan round and at stop; a missing file means "from the start of both queues".
 */
final class TransactionProgress {
    /** The JSON shape. */
    public record Content(long halfOffset, long opOffset) {
    }

    private final Path file;
    private long writtenHalf = -1;
    private long writtenOp = -1;

    TransactionProgress(Path file) {
        this.file = file;
    }

    /** The saved progress, or (0, 0) when there is none. */
    Content load() {
        Content content = ConfigFile.read(file, Content.class);
        if (content == null) {
            return new Content(0, 0);
        }
        if (content.halfOffset() < 0 || content.opOffset() < 0) {
            throw new IllegalStateException(file + " holds a negative offset (half " + content.halfOffset() + ", op "
                    + content.opOffset() + "); delete it to rescan both transaction queues");
        }
        writtenHalf = content.halfOffset();
        writtenOp = content.opOffset();
        return content;
    }

    /** Writes the progress when it changed. */
    synchronized void save(long halfOffset, long opOffset) {
        if (halfOffset == writtenHalf && opOffset == writtenOp) {
            return;
        }
        ConfigFile.write(file, new Content(halfOffset, opOffset));
        writtenHalf = halfOffset;
        writtenOp = opOffset;
    }

    Path file() {
        return file;
    }
}
