package io.msgframe.bench;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.MessageRecordEncoder;
import io.msgframe.protocol.message.PropertyKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The record codec on one thread, in nanoseconds per operation:
 * <ul>
 * <li>{@code encode}: {@link MessageRecordEncoder#encode} of a 1 KiB draft (tag, WAIT, UNIQ_KEY properties)
 * into a reused heap buffer: what every append does outside the commit-log lock (CRC, copy);</li>
 * <li>{@code wrapAndRead}: {@link MessageRecord#wrap} of the stored record plus topic, queue id, queue offset,
 * store time, the properties string and its TAGS: what the dispatcher reads of every record. {@code buffer}
 * = heap or direct (the dispatcher reads mapped, i.e. direct, buffers);</li>
 * <li>{@code propertiesFind*}: {@link MessageProperties#find} of the first, the last and an absent name.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class CodecBenchmark {

    @Param({"1024"})
    public int bodySize;

    private final MessageRecordEncoder encoder = new MessageRecordEncoder();
    private MessageDraft draft;
    private ByteBuffer encodeTarget;
    private String properties;

    @Setup(Level.Trial)
    public void prepare() {
        properties = BenchSupport.properties(123_456_789L);
        draft = BenchSupport.draft(BenchSupport.TOPIC, 3, ByteBuffer.wrap(BenchSupport.body(bodySize)), properties);
        encodeTarget = ByteBuffer.allocate(MessageRecordEncoder.encodedSize(draft) + 64);
    }

    /** A stored record (as the commit log patched it) in a heap or a direct buffer. */
    @State(Scope.Thread)
    public static class StoredRecord {
        @Param({"heap", "direct"})
        public String buffer;

        final MessageRecord record = new MessageRecord();
        ByteBuffer stored;

        @Setup(Level.Trial)
        public void prepare(CodecBenchmark bench) {
            ByteBuffer heap = ByteBuffer.allocate(MessageRecordEncoder.encodedSize(bench.draft));
            new MessageRecordEncoder().encode(bench.draft, heap);
            heap.flip();
            MessageRecord.putQueueOffset(heap, 0, 4242);
            MessageRecord.putPhysicalOffset(heap, 0, 1L << 32);
            MessageRecord.putStoreTimestamp(heap, 0, System.currentTimeMillis());
            if ("direct".equals(buffer)) {
                stored = ByteBuffer.allocateDirect(heap.remaining());
                stored.put(heap).flip();
            } else {
                stored = heap;
            }
        }
    }

    @Benchmark
    public int encode() {
        ByteBuffer dst = encodeTarget;
        dst.clear();
        return encoder.encode(draft, dst);
    }

    @Benchmark
    public void wrapAndRead(StoredRecord s, Blackhole bh) {
        MessageRecord r = s.record.wrap(s.stored, 0);
        bh.consume(r.topic());
        bh.consume(r.queueId());
        bh.consume(r.queueOffset());
        bh.consume(r.storeTimestamp());
        String props = r.propertiesString();
        bh.consume(MessageProperties.find(props, PropertyKeys.TAGS));
    }

    @Benchmark
    public String propertiesFindFirst() {
        return MessageProperties.find(properties, PropertyKeys.TAGS);
    }

    @Benchmark
    public String propertiesFindLast() {
        return MessageProperties.find(properties, PropertyKeys.UNIQ_KEY);
    }

    @Benchmark
    public String propertiesFindAbsent() {
        return MessageProperties.find(properties, PropertyKeys.KEYS);
    }
}
