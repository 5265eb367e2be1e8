package io.msgframe.store.read;

import io.msgframe.protocol.message.BatchBody;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import io.msgframe.store.config.StoreConfig;
import io.msgframe.store.file.SegmentSlice;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of single and batch appends over a few topics and queues, then reads: every message is
 * found at its queue offset with its body and properties, before and after a clean restart.
 */
class AppendReadPropertyTest {
    /** A long topic needs the V2 record layout (2-byte topic length). */
    private static final String LONG_TOPIC = "L".repeat(130);
    private static final List<String> TOPICS = List.of("alpha", "beta", "%RETRY%group", LONG_TOPIC);

    /** One message: body of {@code size} bytes drawn from {@code seed}, and its properties. */
    record Msg(int size, long seed, Map<String, String> properties) {
        byte[] body() {
            byte[] b = new byte[size];
            new Random(seed).nextBytes(b);
            return b;
        }

        String encodedProperties() {
            return MessageProperties.encode(properties);
        }
    }

    /** A single append (one message) or a batch append (several). */
    record Op(String topic, int queueId, boolean batch, List<Msg> messages) {
        @Override
        public String toString() {
            return (batch ? "batch" : "single") + "(" + (topic.length() > 20 ? "LONG" : topic) + "/" + queueId
                    + ", sizes=" + messages.stream().map(Msg::size).toList() + ")";
        }
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<String> names = Arbitraries.of("TAGS", "KEYS", "UNIQ_KEY", "user", "a", "REAL_TOPIC");
        Arbitrary<String> values = Arbitraries.strings().alpha().numeric().withChars(' ', '-', 'é', '中')
                .ofMinLength(1).ofMaxLength(24);
        Arbitrary<Map<String, String>> properties = Arbitraries.maps(names, values).ofMaxSize(4)
                .map(LinkedHashMap::new);
        Arbitrary<Msg> message = Combinators.combine(Arbitraries.integers().between(0, 3000),
                Arbitraries.longs(), properties).as(Msg::new);
        Arbitrary<Op> single = Combinators.combine(Arbitraries.of(TOPICS), Arbitraries.integers().between(0, 3),
                message).as((t, q, m) -> new Op(t, q, false, List.of(m)));
        Arbitrary<Op> batch = Combinators.combine(Arbitraries.of(TOPICS), Arbitraries.integers().between(0, 3),
                message.list().ofMinSize(1).ofMaxSize(6)).as((t, q, ms) -> new Op(t, q, true, ms));
        return Arbitraries.frequencyOf(Tuple.of(4, single), Tuple.of(1, batch)).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 25)
    void everyMessageReadsBackAtItsQueueOffsetAlsoAfterACleanRestart(@ForAll("operations") List<Op> ops)
            throws Exception {
        Path dir = Files.createTempDirectory("msgframe-property-");
        try {
            StoreConfig config = StoreTestSupport.smallConfig(dir);
            Map<String, List<Msg>> expected = new TreeMap<>();
            try (MessageStore store = new MessageStore(config)) {
                store.start();
                for (Op op : ops) {
                    append(store, op, expected);
                }
                store.awaitDispatched(10_000);
                verify(store, expected);
            }
            try (MessageStore store = new MessageStore(config)) {
                store.start();
                assertThat(store.recoveryReport().crashed()).isFalse();
                verify(store, expected);
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private static String key(String topic, int queueId) {
        return topic + "/" + queueId;
    }

    private static void append(MessageStore store, Op op, Map<String, List<Msg>> expected) {
        List<Msg> queue = expected.computeIfAbsent(key(op.topic(), op.queueId()), k -> new ArrayList<>());
        MessageDraft template = new MessageDraft().topic(op.topic()).queueId(op.queueId())
                .bornTimestamp(System.currentTimeMillis()).bornHost(StoreTestSupport.BORN_HOST)
                .storeHost(StoreTestSupport.STORE_HOST);
        AppendResult result;
        if (op.batch()) {
            ByteBuffer body = ByteBuffer.allocate(op.messages().size() * 4000);
            for (Msg m : op.messages()) {
                BatchBody.writeEntry(body, 0, ByteBuffer.wrap(m.body()), m.encodedProperties());
            }
            result = store.appendBatch(template, body.flip());
        } else {
            Msg m = op.messages().get(0);
            result = store.append(template.body(m.body()).properties(m.encodedProperties()));
        }
        assertThat(result.status()).as("%s", op).isEqualTo(AppendStatus.PUT_OK);
        assertThat(result.queueOffset()).as("%s: next offset of its queue", op).isEqualTo(queue.size());
        assertThat(result.messageCount()).isEqualTo(op.messages().size());
        queue.addAll(op.messages());
    }

    private static void verify(MessageStore store, Map<String, List<Msg>> expected) {
        for (Map.Entry<String, List<Msg>> e : expected.entrySet()) {
            String topic = e.getKey().substring(0, e.getKey().lastIndexOf('/'));
            int queueId = Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf('/') + 1));
            List<Msg> messages = e.getValue();
            assertThat(store.maxOffset(topic, queueId)).as(e.getKey()).isEqualTo(messages.size());
            assertThat(store.minOffset(topic, queueId)).isZero();
            long offset = 0;
            while (offset < messages.size()) {
                try (GetMessageResult r = store.getMessages("g", topic, queueId, offset, 32, MessageFilter.ALL)) {
                    assertThat(r.status()).as("%s at %d", e.getKey(), offset).isEqualTo(GetMessageStatus.FOUND);
                    for (int i = 0; i < r.messageCount(); i++) {
                        long queueOffset = r.queueOffsets()[i];
                        assertThat(queueOffset).isEqualTo(offset + i);
                        SegmentSlice slice = r.messages().get(i);
                        MessageRecord record = new MessageRecord().wrap(slice.buffer(), 0);
                        Msg want = messages.get((int) queueOffset);
                        assertThat(record.topic()).isEqualTo(topic);
                        assertThat(record.queueId()).isEqualTo(queueId);
                        assertThat(record.queueOffset()).isEqualTo(queueOffset);
                        assertThat(record.physicalOffset()).isEqualTo(slice.logOffset());
                        assertThat(record.bodyBytes()).as("%s body at %d", e.getKey(), queueOffset)
                                .isEqualTo(want.body());
                        assertThat(record.propertiesString()).isEqualTo(want.encodedProperties());
                        assertThat(record.properties()).containsExactlyEntriesOf(want.properties());
                    }
                    offset = r.nextBeginOffset();
                }
            }
            try (GetMessageResult end = store.getMessages("g", topic, queueId, offset, 32, MessageFilter.ALL)) {
                assertThat(end.status()).isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_ONE);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
