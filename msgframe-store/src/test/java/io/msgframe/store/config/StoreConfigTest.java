package io.msgframe.store.config;

import io.msgframe.protocol.config.ConfigException;
import io.msgframe.protocol.config.ConfigKey;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class StoreConfigTest {

    @Test
    void defaultsMatchRocketMqBrokerDefaults() {
        StoreConfig c = StoreConfig.of(Map.of());
        assertThat(c.commitLogSegmentBytes()).isEqualTo(1024 * 1024 * 1024);
        assertThat(c.get(StoreConfig.CONSUME_QUEUE_SEGMENT_ENTRIES)).isEqualTo(300_000);
        assertThat(c.consumeQueueSegmentBytes()).isEqualTo(6_000_000);
        assertThat(c.get(StoreConfig.FILE_RESERVED_HOURS)).isEqualTo(72);
        assertThat(c.get(StoreConfig.DELETE_WHEN)).isEqualTo("04");
        assertThat(c.isDeleteHour(4)).isTrue();
        assertThat(c.isDeleteHour(5)).isFalse();
        assertThat(c.get(StoreConfig.MAX_MESSAGE_BYTES)).isEqualTo(4 * 1024 * 1024);
        assertThat(c.flushMode()).isEqualTo(FlushMode.ASYNC);
        assertThat(c.get(StoreConfig.FLUSH_INTERVAL_MS)).isEqualTo(500);
        assertThat(c.get(StoreConfig.FLUSH_MIN_PAGES)).isEqualTo(4);
        assertThat(c.get(StoreConfig.FLUSH_THOROUGH_INTERVAL_MS)).isEqualTo(10_000);
        assertThat(c.get(StoreConfig.SYNC_FLUSH_TIMEOUT_MS)).isEqualTo(5_000);
        assertThat(c.get(StoreConfig.CONSUME_QUEUE_FLUSH_INTERVAL_MS)).isEqualTo(1_000);
        assertThat(c.get(StoreConfig.DISK_CLEAN_PERCENT)).isEqualTo(75);
        assertThat(c.get(StoreConfig.DISK_FULL_RATIO)).isEqualTo(0.90);
        assertThat(c.get(StoreConfig.CLEANUP_INTERVAL_MS)).isEqualTo(10_000);
        assertThat(c.get(StoreConfig.INDEX_HASH_SLOTS)).isEqualTo(5_000_000);
        assertThat(c.get(StoreConfig.INDEX_ENTRIES)).isEqualTo(20_000_000);
        assertThat(c.get(StoreConfig.MAX_TRANSFER_COUNT)).isEqualTo(32);
        assertThat(c.get(StoreConfig.MAX_TRANSFER_BYTES)).isEqualTo(256 * 1024);
        assertThat(c.get(StoreConfig.CHECK_CRC_ON_RECOVER)).isTrue();
        assertThat(c.get(StoreConfig.SEGMENT_DESTROY_GRACE_MS)).isEqualTo(120_000);
    }

    @Test
    void directoriesAndFilesLiveUnderTheStoreRoot() {
        Path root = Path.of("/data/broker-a");
        StoreConfig c = StoreConfig.at(root);
        assertThat(c.root()).isEqualTo(root);
        assertThat(c.commitLogDir()).isEqualTo(root.resolve("commitlog"));
        assertThat(c.consumeQueueDir()).isEqualTo(root.resolve("consumequeue"));
        assertThat(c.indexDir()).isEqualTo(root.resolve("index"));
        assertThat(c.checkpointFile()).isEqualTo(root.resolve("checkpoint"));
        assertThat(c.abortFile()).isEqualTo(root.resolve("abort"));
        assertThat(StoreConfig.of(Map.of()).root()).isEqualTo(Path.of("./data"));
    }

    @Test
    void rocketMqBrokerConfNamesAreAcceptedAsAliases() {
        Map<String, String> brokerConf = new LinkedHashMap<>();
        brokerConf.put("storePathRootDir", "/tmp/rmq");
        brokerConf.put("mappedFileSizeCommitLog", "134217728");
        brokerConf.put("flushDiskType", "SYNC_FLUSH");
        brokerConf.put("flushIntervalCommitLog", "200");
        brokerConf.put("flushCommitLogLeastPages", "8");
        brokerConf.put("flushCommitLogThoroughInterval", "20000");
        brokerConf.put("syncFlushTimeout", "3000");
        brokerConf.put("flushIntervalConsumeQueue", "2000");
        brokerConf.put("maxMessageSize", "1048576");
        brokerConf.put("fileReservedTime", "48");
        brokerConf.put("deleteWhen", "02;14");
        brokerConf.put("diskMaxUsedSpaceRatio", "88");
        brokerConf.put("diskSpaceWarningLevelRatio", "0.95");
        brokerConf.put("cleanResourceInterval", "5000");
        brokerConf.put("maxHashSlotNum", "1000");
        brokerConf.put("maxIndexNum", "4000");
        brokerConf.put("maxTransferCountOnMessageInMemory", "64");
        brokerConf.put("maxTransferBytesOnMessageInMemory", "524288");
        brokerConf.put("checkCRCOnRecover", "false");
        brokerConf.put("destroyMapedFileIntervalForcibly", "60000");

        StoreConfig c = StoreConfig.of(brokerConf);

        assertThat(c.root()).isEqualTo(Path.of("/tmp/rmq"));
        assertThat(c.commitLogSegmentBytes()).isEqualTo(134217728);
        assertThat(c.flushMode()).isEqualTo(FlushMode.SYNC);
        assertThat(c.get(StoreConfig.FLUSH_INTERVAL_MS)).isEqualTo(200);
        assertThat(c.get(StoreConfig.FLUSH_MIN_PAGES)).isEqualTo(8);
        assertThat(c.get(StoreConfig.FLUSH_THOROUGH_INTERVAL_MS)).isEqualTo(20_000);
        assertThat(c.get(StoreConfig.SYNC_FLUSH_TIMEOUT_MS)).isEqualTo(3_000);
        assertThat(c.get(StoreConfig.CONSUME_QUEUE_FLUSH_INTERVAL_MS)).isEqualTo(2_000);
        assertThat(c.get(StoreConfig.MAX_MESSAGE_BYTES)).isEqualTo(1 << 20);
        assertThat(c.get(StoreConfig.FILE_RESERVED_HOURS)).isEqualTo(48);
        assertThat(c.isDeleteHour(2)).isTrue();
        assertThat(c.isDeleteHour(14)).isTrue();
        assertThat(c.isDeleteHour(4)).isFalse();
        assertThat(c.get(StoreConfig.DISK_CLEAN_PERCENT)).isEqualTo(88);
        assertThat(c.get(StoreConfig.DISK_FULL_RATIO)).isEqualTo(0.95);
        assertThat(c.get(StoreConfig.CLEANUP_INTERVAL_MS)).isEqualTo(5_000);
        assertThat(c.get(StoreConfig.INDEX_HASH_SLOTS)).isEqualTo(1_000);
        assertThat(c.get(StoreConfig.INDEX_ENTRIES)).isEqualTo(4_000);
        assertThat(c.get(StoreConfig.MAX_TRANSFER_COUNT)).isEqualTo(64);
        assertThat(c.get(StoreConfig.MAX_TRANSFER_BYTES)).isEqualTo(512 * 1024);
        assertThat(c.get(StoreConfig.CHECK_CRC_ON_RECOVER)).isFalse();
        assertThat(c.get(StoreConfig.SEGMENT_DESTROY_GRACE_MS)).isEqualTo(60_000);
    }

    @Test
    void flushModeAcceptsBothSpellingsInAnyCase() {
        assertThat(FlushMode.parse("ASYNC_FLUSH")).isEqualTo(FlushMode.ASYNC);
        assertThat(FlushMode.parse(" async ")).isEqualTo(FlushMode.ASYNC);
        assertThat(FlushMode.parse("sync_flush")).isEqualTo(FlushMode.SYNC);
        assertThat(FlushMode.parse("SYNC")).isEqualTo(FlushMode.SYNC);
        assertThatThrownBy(() -> FlushMode.parse("FAST")).isInstanceOf(IllegalArgumentException.class);
        assertThat(StoreConfig.of(Map.of("flushMode", "sync")).flushMode()).isEqualTo(FlushMode.SYNC);
        assertThat(StoreConfig.of(Map.of("flushDiskType", "ASYNC_FLUSH")).flushMode()).isEqualTo(FlushMode.ASYNC);
    }

    @Test
    void badValuesAndUnknownKeysAreAllReportedByNameInOneException() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("commitLogSegmentBytes", "big");
        raw.put("consumeQueueSegmentEntries", "8"); // below 16
        raw.put("flushDiskType", "FAST");
        raw.put("diskFullRatio", "1.5");
        raw.put("checkCrcOnRecover", "yes");
        raw.put("deleteWhen", "25");
        raw.put("storePathRootDir", "  ");
        raw.put("listenPort", "10911");
        raw.put("flushIntervallMs", "100");

        ConfigException e = catchThrowableOfType(() -> StoreConfig.of(raw), ConfigException.class);

        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSize(9);
        for (String key : raw.keySet()) {
            assertThat(e.problems()).as("a problem naming %s", key).anyMatch(p -> p.contains(key));
            assertThat(e.getMessage()).contains(key);
        }
        assertThat(e.problems()).anyMatch(p -> p.contains("unknown") && p.contains("listenPort"));
        assertThat(e.problems()).anyMatch(p -> p.contains("flushDiskType='FAST'"));
    }

    @Test
    void aBadDeleteWhenAloneIsAConfigExceptionNamingIt() {
        for (String bad : new String[]{"24", "-1", "4;x", "", ";"}) {
            ConfigException e = catchThrowableOfType(() -> StoreConfig.of(Map.of("deleteWhen", bad)),
                    ConfigException.class);
            assertThat(e).as("deleteWhen='%s'", bad).isNotNull();
            assertThat(e.problems()).singleElement().asString().contains("deleteWhen");
        }
        assertThat(StoreConfig.of(Map.of("deleteWhen", " 00 ; 23 ")).isDeleteHour(23)).isTrue();
    }

    @Test
    void rangesAreInclusiveAtBothEnds() {
        assertThat(StoreConfig.of(Map.of("commitLogSegmentBytes", "65536")).commitLogSegmentBytes()).isEqualTo(65536);
        assertThatThrownBy(() -> StoreConfig.of(Map.of("commitLogSegmentBytes", "65535")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("commitLogSegmentBytes");
        assertThat(StoreConfig.of(Map.of("diskFullRatio", "0.99")).get(StoreConfig.DISK_FULL_RATIO)).isEqualTo(0.99);
        assertThatThrownBy(() -> StoreConfig.of(Map.of("diskCleanPercent", "96")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void fromSharedIgnoresOtherSubsystemsKeysButStillChecksItsOwn() {
        StoreConfig c = StoreConfig.fromShared(Map.of("listenPort", "10911", "brokerName", "b",
                "fileReservedTime", "12"));
        assertThat(c.get(StoreConfig.FILE_RESERVED_HOURS)).isEqualTo(12);
        assertThatThrownBy(() -> StoreConfig.fromShared(Map.of("listenPort", "1", "fileReservedTime", "0")))
                .isInstanceOf(ConfigException.class)
                .satisfies(t -> assertThat(((ConfigException) t).problems()).singleElement().asString()
                        .contains("fileReservedTime"));
    }

    @Test
    void withChangesSomeKeysAndKeepsTheOthers() {
        StoreConfig base = StoreConfig.at(Path.of("/s")).with("flushMode", "SYNC", "diskFullRatio", "0.8");
        StoreConfig changed = base.with("maxTransferCount", "7");
        assertThat(changed.root()).isEqualTo(Path.of("/s"));
        assertThat(changed.flushMode()).isEqualTo(FlushMode.SYNC);
        assertThat(changed.get(StoreConfig.DISK_FULL_RATIO)).isEqualTo(0.8);
        assertThat(changed.get(StoreConfig.MAX_TRANSFER_COUNT)).isEqualTo(7);
        assertThat(base.get(StoreConfig.MAX_TRANSFER_COUNT)).isEqualTo(32);
        assertThat(changed.with("deleteWhen", "01;02").isDeleteHour(2)).isTrue();
    }

    @Test
    void markdownListsEveryKeyWithItsDefaultAndRocketMqName() {
        String md = StoreConfig.TABLE.markdown();
        assertThat(StoreConfig.TABLE.keys()).hasSize(24);
        for (ConfigKey<?> key : StoreConfig.TABLE.keys()) {
            assertThat(md).contains("| `" + key.name() + "` | " + key.defaultValue() + " |");
            if (key.rocketmqAlias() != null) {
                assertThat(md).contains("`" + key.rocketmqAlias() + "`");
            }
            assertThat(StoreConfig.TABLE.knows(key.name())).isTrue();
        }
        assertThat(md.lines().filter(l -> l.startsWith("| `")).count()).isEqualTo(StoreConfig.TABLE.keys().size());
        assertThat(StoreConfig.TABLE.knows("mappedFileSizeCommitLog")).isTrue();
        assertThat(StoreConfig.TABLE.knows("nope")).isFalse();
    }
}
