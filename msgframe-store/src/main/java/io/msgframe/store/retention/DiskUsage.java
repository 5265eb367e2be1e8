package io.msgframe.store.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** How full the disk holding the store is, as a ratio in [0, 1]. */
@FunctionalInterface
public interface DiskUsage {

    double usedRatio(Path path);

    /** The file system's own figures. */
    DiskUsage FILE_SYSTEM = path -> {
        try {
            FileStore store = Files.getFileStore(path);
            long total = store.getTotalSpace();
            return total <= 0 ? 0 : (double) (total - store.getUsableSpace()) / total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read disk use of " + path, e);
        }
    };
}
