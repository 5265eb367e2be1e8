package io.msgframe.store.index;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class IndexProperties {
    private static final long T0 = 1_700_000_000_000L;
    private static final String TOPIC = "topic";
    /** Keys whose index keys have pairwise different hashes, so every answer is exact. */
    private static final List<String> KEYS = distinctHashKeys(12);

    /** One record: the gap to the previous offset, its KEYS words, and whether the store restarts after it. */
    record Put(int gap, List<String> keys, boolean restartAfter) {
    }

    @Provide
    Arbitrary<List<Put>> puts() {
        Arbitrary<Put> put = Combinators.combine(
                Arbitraries.integers().between(1, 1000),
                Arbitraries.of(KEYS).list().ofMinSize(0).ofMaxSize(4),
                Arbitraries.integers().between(0, 19).map(i -> i == 0))
                .as(Put::new);
        return put.list().ofMaxSize(60);
    }

    @Property(tries = 200)
    void queryingAnyKeyReturnsExactlyItsOffsetsNewestFirst(
            @ForAll("puts") List<Put> puts,
            @ForAll @IntRange(min = 1, max = 7) int slots,
            @ForAll @IntRange(min = 2, max = 9) int entries,
            @ForAll @IntRange(min = 1, max = 30) int maxNum) throws IOException {
        Path dir = Files.createTempDirectory("index-property");
        ManualClock clock = new ManualClock(T0);
        IndexService service = new IndexService(dir, slots, entries, clock);
        try {
            service.load();
            Map<String, List<Long>> expected = new LinkedHashMap<>();
            KEYS.forEach(k -> expected.put(k, new ArrayList<>()));
            long offset = -1;
            for (Put put : puts) {
                offset += put.gap();
                clock.advance(1);
                service.put(TOPIC, "u" + offset, String.join(" ", put.keys()), offset, T0 + offset);
                Set<String> seen = new HashSet<>();
                for (String key : put.keys()) {
                    if (seen.add(key)) {
                        expected.get(key).add(0, offset);
                    }
                }
                expected.put("u" + offset, List.of(offset));
                if (put.restartAfter()) {
                    service.close();
                    service.load();
                }
            }

            for (Map.Entry<String, List<Long>> e : expected.entrySet()) {
                List<Long> offsets = e.getValue();
                assertThat(service.query(TOPIC, e.getKey(), maxNum, 0, Long.MAX_VALUE))
                        .as("key %s", e.getKey())
                        .containsExactlyElementsOf(offsets.subList(0, Math.min(maxNum, offsets.size())));
            }
        } finally {
            service.close();
            deleteRecursively(dir);
        }
    }

    @Property(tries = 300)
    void garbageFilesNeverMakeAQueryThrowOrLoop(
            @ForAll @IntRange(min = 1, max = 16) int slots,
            @ForAll @IntRange(min = 2, max = 64) int entries,
            @ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("index-garbage");
        try {
            java.util.Random random = new java.util.Random(seed);
            byte[] bytes = new byte[(int) IndexFile.fileSize(slots, entries)];
            random.nextBytes(bytes);
            // Small link values make long chains (and cycles) likely, unlike uniform random ints.
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            for (int pos = IndexFile.HEADER_SIZE; pos + 4 <= bytes.length; pos += 4) {
                if (random.nextBoolean()) {
                    buffer.putInt(pos, random.nextInt(entries + 4) - 2);
                }
            }
            buffer.putInt(IndexFile.INDEX_COUNT, 1 + random.nextInt(entries));
            Path path = dir.resolve("20240101000000000");
            Files.write(path, bytes);

            IndexFile file = IndexFile.open(path, slots, entries);
            try {
                for (int k = 0; k < 50; k++) {
                    List<Long> out = new ArrayList<>();
                    file.query("key" + k, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, out);
                    assertThat(out.size()).isLessThan(entries);
                }
            } finally {
                file.close();
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private static List<String> distinctHashKeys(int count) {
        List<String> keys = new ArrayList<>();
        Map<Integer, String> byHash = new HashMap<>();
        for (int i = 0; keys.size() < count; i++) {
            String key = "key" + i;
            if (byHash.putIfAbsent(IndexKeys.keyHash(IndexKeys.indexKey(TOPIC, key)), key) == null) {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
