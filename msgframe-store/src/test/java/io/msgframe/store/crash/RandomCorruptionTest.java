package io.msgframe.store.crash;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.recovery.Quarantine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomized companion of {@link CorruptRecordTest}: several records anywhere in a multi-file commit log
 * (first or last of a file, neighbours, header or body) corrupted in a crash image taken while the store ran,
 * whose checkpoint makes recovery scan every file. Each corrupt record is quarantined, and nothing else is:
 * every other message is served intact, including those after the corruption and in later files.
 *
 * <p>The seed is printed; replay with {@code -Dmsgframe.crash.corruptionSeed=<seed>}.
 */
class RandomCorruptionTest {
    private static final String TOPIC = "RandomCorruption";
    private static final int QUEUES = 3;
    private static final int COUNT = 600; // three or four commit-log files
    private static final int ROUNDS = 4;

    @TempDir
    Path dir;

    @Test
    void everyCorruptRecordIsQuarantinedAndEveryOtherServed() throws Exception {
        long seed = CrashSupport.seed("msgframe.crash.corruptionSeed");
        Random random = new Random(seed);
        Path live = dir.resolve("live");
        List<CrashSupport.Sent> sent;
        // checkpoint only at start: the copy's safe point is 0, so the crash recovery scans every file
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(live,
                "consumeQueueFlushIntervalMs", "60000"))) {
            store.start();
            sent = CrashSupport.appendMessages(store, TOPIC, QUEUES, 0, COUNT);
            assertThat(store.commitLog().segments().segments().size()).isGreaterThanOrEqualTo(3);
            for (int round = 0; round < ROUNDS; round++) {
                CrashSupport.copyTree(live, dir.resolve("crash-" + round));
            }
        }
        for (int round = 0; round < ROUNDS; round++) {
            corruptAndRecover(dir.resolve("crash-" + round), sent, random, round);
        }
    }

    private void corruptAndRecover(Path root, List<CrashSupport.Sent> sent, Random random, int round) throws Exception {
        // victims: never the very last record (a bad last record is a torn tail: cut, not quarantined)
        TreeMap<Long, CrashSupport.Sent> victims = new TreeMap<>();
        int count = 1 + random.nextInt(4);
        while (victims.size() < count) {
            int index = switch (random.nextInt(4)) {
                case 0 -> firstOrLastOfAFile(sent, random); // at a file boundary
                case 1 -> victims.isEmpty() ? random.nextInt(COUNT - 2)
                        : Math.min(COUNT - 2, victims.lastEntry().getValue().index() + 1); // a neighbour
                default -> random.nextInt(COUNT - 1);
            };
            victims.put(sent.get(index).physicalOffset(), sent.get(index));
        }
        List<String> what = new ArrayList<>();
        for (CrashSupport.Sent victim : victims.values()) {
            int at;
            if (random.nextBoolean()) {
                at = CrashSupport.bodyOffsetInRecord(root, victim.physicalOffset()) + random.nextInt(victim.body().length);
            } else {
                int[] header = {MessageRecord.TOTAL_SIZE_OFFSET + 3, MessageRecord.MAGIC_OFFSET + 2,
                        MessageRecord.BODY_CRC_OFFSET + 1, MessageRecord.PHYSICAL_OFFSET_OFFSET + 6};
                at = header[random.nextInt(header.length)];
            }
            CrashSupport.flipBytes(CrashSupport.commitLogFile(root, victim.physicalOffset()),
                    victim.physicalOffset() % CrashSupport.SEGMENT + at, 1);
            what.add("#" + victim.index() + "@" + victim.physicalOffset() + "+" + at);
        }
        System.out.println("[crash-test] round " + round + ": corrupted " + what);

        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(root))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isTrue();
            assertThat(store.recoveryReport().commitLog().scannedFrom()).isZero();
            List<Quarantine.Range> ranges = store.quarantine().ranges();
            for (CrashSupport.Sent victim : victims.values()) {
                assertThat(ranges).as("#%d is quarantined", victim.index())
                        .anyMatch(r -> r.start() <= victim.physicalOffset()
                                && victim.physicalOffset() + victim.size() <= r.end());
                assertThat(CrashSupport.readRecordBytes(store, victim.physicalOffset())).isNull();
            }
            for (Quarantine.Range range : ranges) {
                assertThat(victims).as("range %s starts at a corrupt record", range).containsKey(range.start());
                assertThat(range.reason()).contains(String.format("%020d@", range.start() - range.start() % CrashSupport.SEGMENT));
            }
            for (CrashSupport.Sent s : sent) {
                if (!victims.containsKey(s.physicalOffset())) {
                    assertThat(ranges).as("#%d is not quarantined", s.index())
                            .noneMatch(r -> r.start() < s.physicalOffset() + s.size() && s.physicalOffset() < r.end());
                    CrashSupport.assertServed(store, s);
                }
            }
            for (int queueId = 0; queueId < QUEUES; queueId++) {
                int q = queueId;
                long expected = sent.stream().filter(s -> s.queueId() == q && !victims.containsKey(s.physicalOffset()))
                        .count();
                assertThat(CrashSupport.readAll(store, TOPIC, queueId)).hasSize((int) expected);
            }
        }
    }

    private static int firstOrLastOfAFile(List<CrashSupport.Sent> sent, Random random) {
        List<Integer> boundaries = new ArrayList<>();
        for (int i = 1; i < sent.size() - 1; i++) {
            long file = sent.get(i).physicalOffset() / CrashSupport.SEGMENT;
            if (file != sent.get(i - 1).physicalOffset() / CrashSupport.SEGMENT) {
                boundaries.add(i - 1); // last of its file
                boundaries.add(i); // first of the next
            }
        }
        boundaries.add(0);
        return boundaries.get(random.nextInt(boundaries.size()));
    }
}
