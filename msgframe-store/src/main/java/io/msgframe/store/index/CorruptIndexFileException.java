package io.msgframe.store.index;

import java.nio.file.Path;

/**
 * An index file whose size or header cannot belong to an index file of the configured shape. Names the
 * file so that an operator knows which one to move away (the index is derived data: it can be rebuilt
 * from the commit log).
 */
public final class CorruptIndexFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CorruptIndexFileException(Path file, String problem) {
        super("index file " + file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
