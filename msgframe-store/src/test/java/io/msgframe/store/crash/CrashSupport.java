package io.msgframe.store.crash;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.RecordValidator;
import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.read.GetMessageResult;
import io.msgframe.store.read.GetMessageStatus;
import io.msgframe.store.read.MessageFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers shared by the crash and corruption tests: deterministic bodies, raw file surgery, raw scans. */
final class CrashSupport {
    static final String GROUP = "crash-test";
    /** Commit-log file size of {@link io.msgframe.store.StoreTestSupport#smallConfig}. */
    static final int SEGMENT = 64 * 1024;

    private CrashSupport() {
    }

    /**
     * The seed of a randomized test: {@code -D<property>=<seed>} replays a run; otherwise a fresh one. The
     * seed is printed so that a failure can be replayed.
     */
    static long seed(String property) {
        String given = System.getProperty(property);
        long seed = given != null ? Long.parseLong(given.trim()) : System.nanoTime() ^ 0x5DEECE66DL;
        System.out.println("[crash-test] " + property + "=" + seed + " (replay with -D" + property + "=" + seed + ")");
        return seed;
    }

    /**
     * A body that depends only on its arguments, so a test can rebuild it from its prefix:
     * {@code round-<r>-thread-<t>-seq-<n>-} then 0 to {@code maxPadding} padding letters.
     */
    static byte[] body(long seed, int round, int thread, long seq, int maxPadding) {
        String prefix = "round-" + round + "-thread-" + thread + "-seq-" + seq + "-";
        SplittableRandom random = new SplittableRandom(seed ^ (round * 0x9E3779B97F4A7C15L) ^ (thread * 0xC2B2AE3D27D4EB4FL)
                ^ (seq * 0x165667B19E3779F9L));
        int padding = random.nextInt(maxPadding + 1);
        StringBuilder sb = new StringBuilder(prefix.length() + padding).append(prefix);
        for (int i = 0; i < padding; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Rebuilds a body made by {@link #body} from the body itself (its prefix names its arguments). */
    static byte[] expectedBody(long seed, byte[] actual, int maxPadding) {
        String[] parts = new String(actual, StandardCharsets.US_ASCII).split("-", 8);
        if (parts.length < 7 || !parts[0].equals("round") || !parts[2].equals("thread") || !parts[4].equals("seq")) {
            return null;
        }
        try {
            return body(seed, Integer.parseInt(parts[1]), Integer.parseInt(parts[3]), Long.parseLong(parts[5]),
                    maxPadding);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** One record found by {@link #scanCommitLog}. */
    record ScannedRecord(long physicalOffset, int size, String topic, int queueId, long queueOffset, byte[] body) {
    }

    /** What a raw scan of the commit-log files found. */
    record Scan(List<ScannedRecord> records, long end, List<String> problems) {
    }

    /**
     * Reads the commit-log files directly (not through the store) and validates every record with
     * {@link RecordValidator}, CRC included: from the first file, record after record, to the next file at a
     * blank marker, until zeros. {@code end} is one past the last valid record; anything invalid before the
     * end of data is listed in {@code problems}, and the bytes after the end must all be zero.
     */
    static Scan scanCommitLog(Path commitLogDir, int segmentSize) throws IOException {
        List<Path> files = listFiles(commitLogDir);
        List<ScannedRecord> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        RecordValidator validator = new RecordValidator();
        MessageRecord record = new MessageRecord();
        long end = files.isEmpty() ? 0 : Long.parseLong(files.get(0).getFileName().toString());
        boolean endOfData = false;
        for (Path file : files) {
            long start = Long.parseLong(file.getFileName().toString());
            ByteBuffer bytes = ByteBuffer.allocate(segmentSize);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                    // read the whole file; a short file reads as zeros after its end
                }
            }
            bytes.clear();
            int position = 0;
            if (!endOfData) {
                if (start != end) {
                    problems.add(file + " starts at " + start + " but the previous file ends at " + end);
                }
                while (position < segmentSize) {
                    RecordValidator.Verdict verdict = validator.validate(bytes, position, segmentSize,
                            start + position, true);
                    if (verdict == RecordValidator.Verdict.RECORD) {
                        record.wrap(bytes, position);
                        records.add(new ScannedRecord(start + position, validator.size(), record.topic(),
                                record.queueId(), record.queueOffset(), record.bodyBytes()));
                        position += validator.size();
                        end = start + position;
                    } else if (verdict == RecordValidator.Verdict.BLANK) {
                        position = segmentSize;
                        end = start + segmentSize;
                    } else {
                        if (verdict == RecordValidator.Verdict.INVALID) {
                            problems.add("invalid record in " + file + " at " + position + ": " + validator.reason());
                        }
                        endOfData = true;
                        break;
                    }
                }
            }
            for (int p = position; p < segmentSize; p++) {
                if (bytes.get(p) != 0) {
                    problems.add("non-zero byte after the end of data in " + file + " at " + p);
                    break;
                }
            }
        }
        return new Scan(records, end, problems);
    }

    static List<Path> listFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The commit-log file holding {@code physicalOffset} in a store rooted at {@code root}. */
    static Path commitLogFile(Path root, long physicalOffset) {
        return root.resolve("commitlog").resolve(String.format("%020d", physicalOffset - physicalOffset % SEGMENT));
    }

    /** Inverts every bit of {@code length} bytes at {@code position} of {@code file}. */
    static void flipBytes(Path file, long position, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.allocate(length);
            channel.read(bytes, position);
            bytes.flip();
            for (int i = 0; i < length; i++) {
                bytes.put(i, (byte) ~bytes.get(i));
            }
            channel.write(bytes, position);
            channel.force(true);
        }
    }

    /** Reads {@code length} bytes of {@code file} at {@code position}. */
    static ByteBuffer readBytes(Path file, long position, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(length);
            while (bytes.hasRemaining() && channel.read(bytes, position + bytes.position()) > 0) {
                // keep reading
            }
            return bytes.flip();
        }
    }

    /**
     * Copies a directory tree, as a crash would leave it when taken while the store runs (the page cache
     * holds everything written). Files that vanish during the copy (temp files renamed away) are skipped.
     */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                } catch (NoSuchFileException vanished) {
                    // a checkpoint temp file renamed away meanwhile
                }
            }
        }
    }

    /** The body of the message at {@code queueOffset}, read with getMessages; null when none is served there. */
    static Served readAt(MessageStore store, String topic, int queueId, long queueOffset) {
        try (GetMessageResult result = store.getMessages(GROUP, topic, queueId, queueOffset, 1, MessageFilter.ALL)) {
            if (result.status() != GetMessageStatus.FOUND) {
                return new Served(result.status(), -1, -1, null, null);
            }
            SegmentSlice slice = result.messages().get(0);
            byte[] raw = new byte[slice.length()];
            slice.buffer().get(0, raw);
            MessageRecord record = new MessageRecord().wrap(ByteBuffer.wrap(raw), 0);
            return new Served(result.status(), result.queueOffsets()[0], record.physicalOffset(), record.bodyBytes(),
                    raw);
        }
    }

    /** What getMessages served at one offset: the queue offset it came from, where it is, body and raw bytes. */
    record Served(GetMessageStatus status, long queueOffset, long physicalOffset, byte[] body, byte[] raw) {
    }

    /** The whole record at a commit-log offset, via readRecord; null when refused. */
    static byte[] readRecordBytes(MessageStore store, long physicalOffset) {
        try (SegmentSlice slice = store.readRecord(physicalOffset)) {
            if (slice == null) {
                return null;
            }
            byte[] raw = new byte[slice.length()];
            slice.buffer().get(0, raw);
            return raw;
        }
    }

    /** Every message a queue serves from its minimum to its end, following nextBeginOffset. */
    static List<Served> readAll(MessageStore store, String topic, int queueId) {
        List<Served> all = new ArrayList<>();
        long offset = store.minOffset(topic, queueId);
        long max = store.maxOffset(topic, queueId);
        while (offset < max) {
            try (GetMessageResult result = store.getMessages(GROUP, topic, queueId, offset, 32, MessageFilter.ALL)) {
                for (int i = 0; i < result.messageCount(); i++) {
                    SegmentSlice slice = result.messages().get(i);
                    byte[] raw = new byte[slice.length()];
                    slice.buffer().get(0, raw);
                    MessageRecord record = new MessageRecord().wrap(ByteBuffer.wrap(raw), 0);
                    all.add(new Served(result.status(), result.queueOffsets()[i], record.physicalOffset(),
                            record.bodyBytes(), raw));
                }
                assertThat(result.nextBeginOffset()).as("reads of %s/%d make progress", topic, queueId)
                        .isGreaterThan(offset);
                offset = result.nextBeginOffset();
            }
        }
        return all;
    }

    /** A message appended by {@link #appendMessages}, and where it went. */
    record Sent(int index, String topic, int queueId, long queueOffset, long physicalOffset, int size, byte[] body,
                String key) {
    }

    /**
     * Appends {@code count} messages round-robin over {@code queues} queues of {@code topic}, with bodies of
     * varying length ({@link #body} with seed 42, thread 0, seq = index) and key {@code key-<index>}, and waits
     * until they are dispatched.
     */
    static List<Sent> appendMessages(MessageStore store, String topic, int queues, int firstIndex, int count)
            throws InterruptedException {
        List<Sent> sent = new ArrayList<>();
        for (int i = firstIndex; i < firstIndex + count; i++) {
            int queueId = i % queues;
            byte[] body = body(42, 0, 0, i, 200);
            String key = "key-" + i;
            AppendResult result = store.append(StoreTestSupport.message(topic, queueId, "", "tag", key).body(body));
            assertThat(result.status()).as("append #%d", i).isEqualTo(AppendStatus.PUT_OK);
            sent.add(new Sent(i, topic, queueId, result.queueOffset(), result.physicalOffset(), result.wroteBytes(),
                    body, key));
        }
        store.awaitDispatched(10_000);
        return sent;
    }

    /** Asserts that {@code sent} is served intact: by queue offset and by commit-log offset. */
    static void assertServed(MessageStore store, Sent sent) {
        Served served = readAt(store, sent.topic(), sent.queueId(), sent.queueOffset());
        assertThat(served.status()).as("message #%d served", sent.index()).isEqualTo(GetMessageStatus.FOUND);
        assertThat(served.queueOffset()).as("message #%d queue offset", sent.index()).isEqualTo(sent.queueOffset());
        assertThat(served.physicalOffset()).as("message #%d commit-log offset", sent.index())
                .isEqualTo(sent.physicalOffset());
        assertThat(served.body()).as("message #%d body", sent.index()).isEqualTo(sent.body());
        assertThat(readRecordBytes(store, sent.physicalOffset())).as("message #%d by commit-log offset", sent.index())
                .isEqualTo(served.raw());
    }

    /** The position of a record's first body byte, relative to the record (IPv4 hosts, as the tests send). */
    static int bodyOffsetInRecord(Path root, long physicalOffset) throws IOException {
        ByteBuffer header = readBytes(commitLogFile(root, physicalOffset), physicalOffset % SEGMENT, 256);
        return new MessageRecord().wrap(header, 0).bodyOffset();
    }

    static void writeAbortFile(Path storeRoot) {
        try {
            Files.writeString(storeRoot.resolve("abort"), "12345");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII);
    }
}
