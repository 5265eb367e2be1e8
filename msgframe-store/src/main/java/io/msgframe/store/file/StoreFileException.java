package io.msgframe.store.file;

import java.nio.file.Path;

/** A store file that cannot be used as it is; names the file and the offset in it. */
public final class StoreFileException extends RuntimeException {
    private final transient Path file;
    private final long offset;

    public StoreFileException(Path file, long offset, String problem) {
        super(file + " at offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
