package io.msgframe.store.crash;

import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.protocol.message.BatchBody;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.RecordValidator;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The child process of {@link KillDuringAppendTest}: prints {@code OPENING}, opens the store (recovering the
 * previous round's crash), prints {@code READY}, then appends single messages and small batches from several threads until it
 * is killed. After every append answered PUT_OK it prints, and flushes, one line per message:
 *
 * <pre>ACK topic queueId queueOffset physicalOffset round thread seq bodyLength bodyCrc</pre>
 *
 * Args: storeDir flushMode round threads seed maxPadding.
 */
public final class CrashingAppender {
    static final String[] TOPICS = {"CrashTopicA", "CrashTopicB"};
    static final int QUEUES = 3;

    private CrashingAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String flushMode = args[1];
        int round = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        int maxPadding = Integer.parseInt(args[5]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);

        MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir, "flushMode", flushMode));
        out.println("OPENING");
        out.flush();
        long startNanos = System.nanoTime();
        store.start();
        long startMs = (System.nanoTime() - startNanos) / 1_000_000;
        synchronized (out) {
            out.println("READY " + ProcessHandle.current().pid() + " startMs=" + startMs + " crashed="
                    + store.recoveryReport().crashed());
            out.flush();
        }
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread appender = new Thread(() -> append(store, out, round, thread, seed, maxPadding), "appender-" + t);
            appender.start();
        }
        // runs until killed; never shuts the store down
        while (true) {
            Thread.sleep(1000);
        }
    }

    private static void append(MessageStore store, PrintStream out, int round, int thread, long seed, int maxPadding) {
        SplittableRandom random = new SplittableRandom(seed * 31 + round * 1_000_003L + thread);
        long seq = 0;
        while (true) {
            String topic = TOPICS[random.nextInt(TOPICS.length)];
            int queueId = random.nextInt(QUEUES);
            // one append in five is a batch of 2 to 4 messages: consecutive queue offsets, one record each
            int count = random.nextInt(5) == 0 ? 2 + random.nextInt(3) : 1;
            byte[][] bodies = new byte[count][];
            for (int i = 0; i < count; i++) {
                bodies[i] = CrashSupport.body(seed, round, thread, seq + i, maxPadding);
            }
            AppendResult result;
            if (count == 1) {
                result = store.append(StoreTestSupport.message(topic, queueId, "", "tag" + (seq % 4),
                        key(round, thread, seq)).body(bodies[0]));
            } else {
                ByteBuffer batch = ByteBuffer.allocate(64 * 1024);
                for (int i = 0; i < count; i++) {
                    byte[] properties = MessageProperties.encode(Map.of(PropertyKeys.TAGS, "tag" + ((seq + i) % 4),
                            PropertyKeys.KEYS, key(round, thread, seq + i))).getBytes(StandardCharsets.UTF_8);
                    batch.putInt(BatchBody.ENTRY_OVERHEAD + bodies[i].length + properties.length).putInt(0).putInt(0)
                            .putInt(0).putInt(bodies[i].length).put(bodies[i])
                            .putShort((short) properties.length).put(properties);
                }
                result = store.appendBatch(StoreTestSupport.message(topic, queueId, "", null, null), batch.flip());
            }
            if (result.isOk()) {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    lines.append("ACK ").append(topic).append(' ').append(queueId).append(' ')
                            .append(result.queueOffset() + i).append(' ').append(result.physicalOffsets()[i])
                            .append(' ').append(round).append(' ').append(thread).append(' ').append(seq + i)
                            .append(' ').append(bodies[i].length).append(' ')
                            .append(RecordValidator.bodyCrc(ByteBuffer.wrap(bodies[i]))).append('\n');
                }
                synchronized (out) {
                    out.print(lines);
                    out.flush();
                }
            } else {
                System.err.println("append " + round + "/" + thread + "/" + seq + " not acknowledged: "
                        + result.status() + " " + result.error());
            }
            seq += count;
            // a few thousand appends per second and thread: enough to hit every phase of an append
            LockSupport.parkNanos(100_000);
        }
    }

    static String key(int round, int thread, long seq) {
        return "key-" + round + "-" + thread + "-" + seq;
    }
}
