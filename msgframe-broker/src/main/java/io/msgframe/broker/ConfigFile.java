package io.msgframe.broker;

import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.store.recovery.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The broker's small JSON files ({@code config/topics.json}, {@code subscriptionGroups.json},
 * {@code consumerOffsets.json}): written temp → fsync → rename, so a crash leaves the old or the new content,
 * never a torn one; read with the same codec as remoting bodies, so RocketMQ's own files load too.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /**
     * The file's content, or null when it does not exist.
     *
     * @throws IllegalStateException naming the file when it cannot be read or is not JSON of that shape
     */
    public static <T> T read(Path file, Class<T> type) {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e, e);
        }
        if (json.length == 0) {
            throw new IllegalStateException(file + " is empty; restore it from a backup or delete it to start "
                    + "without its content");
        }
        try {
            return RemotingJson.decode(json, type);
        } catch (ProtocolException e) {
            throw new IllegalStateException(file + " is not a valid " + type.getSimpleName() + " file: "
                    + e.getMessage(), e);
        }
    }

    /** Replaces the file's content atomically, creating its directory if needed. */
    public static void write(Path file, Object content) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, new String(RemotingJson.encode(content), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
