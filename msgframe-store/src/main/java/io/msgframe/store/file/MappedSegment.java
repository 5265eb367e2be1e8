package io.msgframe.store.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fixed-size memory-mapped file of a {@link SegmentedLog}, named by the log offset of its first byte
 * (20 decimal digits). Positions: {@code flushed <= wrote <= size}. One writer appends; readers see bytes
 * up to {@link #wrotePosition()}, which is published after the bytes (volatile write).
 *
 * <p>Readers that keep a view past the call that made it hold a reference ({@link #retain()} /
 * {@link #release()}); the mapping is dropped only when the last reference goes, so a slice handed to the
 * network can never point at unmapped memory.
 */
public final class MappedSegment {
    private static final Logger log = LoggerFactory.getLogger(MappedSegment.class);
    public static final int PAGE_SIZE = 4096;

    private final Path path;
    private final long startOffset;
    private final int size;
    private final FileChannel channel;
    private final MappedByteBuffer mapped;
    private final ByteBuffer writeView;
    /** Slices for readers come from this one view: one buffer object per slice, not two. */
    private final ByteBuffer readOnlyView;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile int wrotePosition;
    private volatile int flushedPosition;
    private volatile boolean available = true;
    private volatile long destroyRequestedAtMs;
    private volatile boolean deleteWhenReleased;
    private static final int WARM_CHUNK_BYTES = 1 << 20;
    private final Object warmLock = new Object();
    private volatile boolean warmStopped;

    private MappedSegment(Path path, long startOffset, int size, FileChannel channel, MappedByteBuffer mapped) {
        this.path = path;
        this.startOffset = startOffset;
        this.size = size;
        this.channel = channel;
        this.mapped = mapped;
        this.writeView = mapped.duplicate();
        this.readOnlyView = mapped.asReadOnlyBuffer();
    }

    public static String fileName(long startOffset) {
        return String.format("%020d", startOffset);
    }

    /** Creates (or reopens) the file for {@code startOffset} in {@code dir}, sized and mapped. */
    public static MappedSegment create(Path dir, long startOffset, int size) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return open(dir.resolve(fileName(startOffset)), startOffset, size);
    }

    /** Opens an existing file; a shorter file is extended with zeros (the tail a crash may have cut). */
    public static MappedSegment open(Path file, long startOffset, int size) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                long length = channel.size();
                if (length > size) {
                    throw new IOException("file " + file + " is " + length + " bytes, larger than the segment size "
                            + size);
                }
                MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
                return new MappedSegment(file, startOffset, size, channel, mapped);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file, e);
        }
    }

    public Path path() {
        return path;
    }

    public long startOffset() {
        return startOffset;
    }

    /** Log offset one past this file's last byte. */
    public long endOffset() {
        return startOffset + size;
    }

    public int size() {
        return size;
    }

    public int wrotePosition() {
        return wrotePosition;
    }

    public int flushedPosition() {
        return flushedPosition;
    }

    public int remaining() {
        return size - wrotePosition;
    }

    public boolean isFull() {
        return wrotePosition == size;
    }

    public boolean isAvailable() {
        return available;
    }

    /**
     * Copies {@code src} (position to limit) at the write position and publishes it. Single writer.
     * The caller checked that it fits.
     */
    public void append(ByteBuffer src) {
        int at = wrotePosition;
        int length = src.remaining();
        writeView.put(at, src, src.position(), length);
        wrotePosition = at + length;
    }

    /** Writes at an absolute position without publishing: for headers of fixed-layout files. */
    public ByteBuffer writeView() {
        return writeView;
    }

    /**
     * Touches one byte of every page of a new, empty file and forces it, a chunk at a time, so the writer finds
     * its pages already faulted in and their blocks allocated instead of paying for that under the commit log's
     * lock and inside sync flushes. Runs in the background; {@link #stopWarming} (called when the writer takes the file)
     * waits for the chunk in progress, so warming never writes where data has been written.
     */
    public void warm() {
        for (int position = 0; position < size && !warmStopped; position += WARM_CHUNK_BYTES) {
            synchronized (warmLock) {
                if (warmStopped) {
                    return;
                }
                int end = Math.min(size, position + WARM_CHUNK_BYTES);
                for (int page = position; page < end; page += PAGE_SIZE) {
                    writeView.put(page, (byte) 0);
                }
            }
            // Forcing the zeros makes the file system allocate the blocks now; a sync flush of real data later
            // then writes pages in place without allocating (no journal commit on the acknowledgement path).
            if (!warmStopped && retain()) {
                try {
                    mapped.force(position, Math.min(WARM_CHUNK_BYTES, size - position));
                } finally {
                    release();
                }
            }
        }
    }

    /** Ends {@link #warm} before the first write; returns once no warming write can still happen. */
    public void stopWarming() {
        warmStopped = true;
        synchronized (warmLock) {
            // the chunk in progress, if any, has finished
        }
    }

    /** Recovery and truncation set positions directly. */
    public void setWrotePosition(int position) {
        this.wrotePosition = position;
    }

    public void setFlushedPosition(int position) {
        this.flushedPosition = position;
    }

    /**
     * Drops every byte from {@code position} to the end of the file, so that no stale record past a cut can
     * ever be read again. The file is cut and extended back (the kernel frees the blocks and the mapped pages
     * read as zeros), which costs nothing for a large mostly-empty tail. Only for recovery and truncation,
     * while no reader uses this file.
     */
    public void zeroFrom(int position) {
        try {
            channel.truncate(position);
            channel.write(ByteBuffer.allocate(1), size - 1);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cut " + path + " at " + position, e);
        }
        if (wrotePosition > position) {
            wrotePosition = position;
        }
        if (flushedPosition > position) {
            flushedPosition = position;
        }
    }

    /**
     * Forces written bytes to disk if at least {@code minPages} pages are dirty (0 = whatever is dirty;
     * a full file is always forced to its end).
     *
     * @return the flushed position afterwards
     */
    public int flush(int minPages) {
        int wrote = wrotePosition;
        int flushed = flushedPosition;
        if (wrote <= flushed) {
            return flushed;
        }
        boolean due = minPages <= 0 || wrote == size
                || (wrote / PAGE_SIZE) - (flushed / PAGE_SIZE) >= minPages;
        if (!due || !retain()) {
            return flushed;
        }
        try {
            mapped.force(flushed, wrote - flushed);
            flushedPosition = wrote;
            return wrote;
        } finally {
            release();
        }
    }

    /** Pages written but not forced. */
    public int dirtyPages() {
        return (wrotePosition / PAGE_SIZE) - (flushedPosition / PAGE_SIZE);
    }

    /**
     * A read-only view of {@code [position, position + length)} that holds a reference to this file until
     * closed; null if the file is being deleted.
     */
    public SegmentSlice slice(int position, int length) {
        if (!retain()) {
            return null;
        }
        return new SegmentSlice(this, startOffset + position, readOnlyView.slice(position, length));
    }

    /**
     * A view of the whole file for scans by the owner of its life cycle (recovery, the dispatcher while the
     * file is in its log). Do not keep it.
     */
    public ByteBuffer readView() {
        return mapped.duplicate();
    }

    public boolean retain() {
        if (!available) {
            return false;
        }
        while (true) {
            int refs = references.get();
            if (refs <= 0) {
                return false;
            }
            if (references.compareAndSet(refs, refs + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (references.decrementAndGet() == 0) {
            unmap(mapped);
            if (deleteWhenReleased) {
                closeAndDelete();
            }
        }
    }

    /**
     * Takes the file out of service: new readers are refused; the mapping and the file go when the last
     * reader releases, or, if readers hold on longer than {@code graceMs}, the file is deleted and its mapping
     * left to the garbage collector (never unmapped under a reader).
     *
     * @return true once the file is gone from disk
     */
    public boolean destroy(long graceMs, long nowMs) {
        if (available) {
            deleteWhenReleased = true;
            available = false;
            destroyRequestedAtMs = nowMs;
            release();
        }
        if (references.get() <= 0) {
            return !Files.exists(path);
        }
        if (nowMs - destroyRequestedAtMs >= graceMs) {
            log.warn("{} still has {} reader(s) after {} ms; deleting the file, leaving the mapping to the GC",
                    path, references.get(), graceMs);
            closeAndDelete();
            return true;
        }
        return false;
    }

    /** Unmaps (once readers are done) and closes without deleting: used at shutdown. */
    public void close() {
        if (available) {
            available = false;
            release();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing {} failed", path, e);
        }
    }

    private void closeAndDelete() {
        try {
            channel.close();
            Files.deleteIfExists(path);
            log.info("deleted {}", path);
        } catch (IOException e) {
            log.error("deleting {} failed", path, e);
        }
    }

    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Method invokeCleaner = null;
        Object unsafe = null;
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot unmap files explicitly ({}); mappings will be released by the GC", e.toString());
        }
        INVOKE_CLEANER = invokeCleaner;
        UNSAFE = unsafe;
    }

    private static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException e) {
            log.warn("unmapping failed", e);
        }
    }

    @Override
    public String toString() {
        return path + "[wrote=" + wrotePosition + ", flushed=" + flushedPosition + "]";
    }
}
