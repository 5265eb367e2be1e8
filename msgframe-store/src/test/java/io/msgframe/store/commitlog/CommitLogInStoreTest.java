package io.msgframe.store.commitlog;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.store.MessageStore;
import io.msgframe.store.StoreTestSupport;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.read.GetMessageResult;
import io.msgframe.store.read.GetMessageStatus;
import io.msgframe.store.read.MessageFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** Commit-log behaviour that needs the whole store: the disk gate, the life cycle, dispatch of transactions. */
class CommitLogInStoreTest {
    @TempDir
    Path dir;

    @Test
    void appendsAreRefusedWithDiskFullWhenTheDiskIsAboveTheRefusalRatio() {
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir), Clock.systemUTC(),
                path -> 0.95)) {
            store.start();
            AppendResult r = store.append(StoreTestSupport.message("T", 0, "x", null, null));
            assertThat(r.status()).isEqualTo(AppendStatus.DISK_FULL);
            assertThat(r.status().isWritten()).isFalse();
            assertThat(store.isWritable()).isFalse();
            assertThat(store.commitLog().maxOffset()).isZero();
        }
    }

    @Test
    void appendsBeforeStartAndAfterShutdownAreServiceNotAvailable() {
        MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir));
        assertThat(store.append(StoreTestSupport.message("T", 0, "x", null, null)).status())
                .isEqualTo(AppendStatus.SERVICE_NOT_AVAILABLE);
        assertThat(store.isWritable()).isFalse();
        store.start();
        assertThat(store.append(StoreTestSupport.message("T", 0, "x", null, null)).status())
                .isEqualTo(AppendStatus.PUT_OK);
        store.shutdown();
        assertThat(store.append(StoreTestSupport.message("T", 0, "y", null, null)).status())
                .isEqualTo(AppendStatus.SERVICE_NOT_AVAILABLE);
        assertThat(store.appendAsync(StoreTestSupport.message("T", 0, "y", null, null)).join().status())
                .isEqualTo(AppendStatus.SERVICE_NOT_AVAILABLE);
    }

    @Test
    void preparedAndRollbackRecordsAreStoredButNotDispatchedToConsumeQueues() throws Exception {
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir))) {
            store.start();
            AppendResult n0 = store.append(StoreTestSupport.message("T", 0, "n0", null, "k-n0"));
            AppendResult half = store.append(StoreTestSupport.message("T", 0, "half", null, "k-half")
                    .sysFlag(SysFlag.TRANSACTION_PREPARED_TYPE));
            AppendResult rollback = store.append(StoreTestSupport.message("T", 0, "rollback", null, "k-rb")
                    .sysFlag(SysFlag.TRANSACTION_ROLLBACK_TYPE));
            AppendResult onlyHalf = store.append(StoreTestSupport.message("HALF_ONLY", 0, "h", null, null)
                    .sysFlag(SysFlag.TRANSACTION_PREPARED_TYPE));
            AppendResult commit = store.append(StoreTestSupport.message("T", 0, "commit", null, "k-commit")
                    .sysFlag(SysFlag.TRANSACTION_COMMIT_TYPE)
                    .preparedTransactionOffset(half.physicalOffset()));
            store.awaitDispatched(5_000);

            assertThat(half.queueOffset()).isZero();
            assertThat(rollback.queueOffset()).isZero();
            assertThat(onlyHalf.queueOffset()).isZero();
            assertThat(commit.queueOffset()).isEqualTo(1);
            assertThat(store.maxOffset("T", 0)).isEqualTo(2);
            assertThat(store.consumeQueues().find("HALF_ONLY", 0)).isNull();

            try (GetMessageResult r = store.getMessages("g", "T", 0, 0, 10, MessageFilter.ALL)) {
                assertThat(r.status()).isEqualTo(GetMessageStatus.FOUND);
                assertThat(r.messages()).extracting(s -> body(s)).containsExactly("n0", "commit");
                assertThat(r.messages().get(0).logOffset()).isEqualTo(n0.physicalOffset());
                MessageRecord rec = new MessageRecord().wrap(r.messages().get(1).buffer(), 0);
                assertThat(rec.preparedTransactionOffset()).isEqualTo(half.physicalOffset());
            }
            try (SegmentSlice raw = store.readRecord(half.physicalOffset())) {
                assertThat(raw).as("the half record is in the commit log").isNotNull();
                assertThat(body(raw)).isEqualTo("half");
            }
            assertThat(store.queryByKey("T", "k-half", 10, 0, Long.MAX_VALUE)).as("prepared records are indexed")
                    .hasSize(1).allSatisfy(SegmentSlice::close);
            assertThat(store.queryByKey("T", "k-rb", 10, 0, Long.MAX_VALUE)).as("rollback records are not")
                    .isEmpty();
        }
    }

    private static String body(SegmentSlice slice) {
        return new String(new MessageRecord().wrap(slice.buffer(), 0).bodyBytes(), StandardCharsets.UTF_8);
    }
}
