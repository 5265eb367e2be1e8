package io.msgframe.client.producer;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/**
 * Compresses bodies as the Java client does (reference §4.2): zlib (a {@link Deflater} with its header), at a fixed
 * level; the send then carries SYSFLAG {@code COMPRESSED | ZLIB} (0x301), which consumers use to inflate.
 */
public final class BodyCompressor {
    private final int level;

    public BodyCompressor(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("zlib level must be 0..9, got " + level);
        }
        this.level = level;
    }

    public byte[] compress(byte[] body) {
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(body);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
            byte[] chunk = new byte[Math.min(64 * 1024, Math.max(1024, body.length))];
            while (!deflater.finished()) {
                int n = deflater.deflate(chunk);
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
