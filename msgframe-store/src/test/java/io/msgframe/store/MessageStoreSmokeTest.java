package io.msgframe.store;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import io.msgframe.store.read.GetMessageResult;
import io.msgframe.store.read.GetMessageStatus;
import io.msgframe.store.read.MessageFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MessageStoreSmokeTest {
    @TempDir
    Path dir;

    @Test
    void appendsAcrossFilesAndReadsBackAfterCleanRestart() throws Exception {
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir))) {
            store.start();
            for (int i = 0; i < 1000; i++) {
                AppendResult r = store.append(StoreTestSupport.message("T", i % 2, "body-" + i, "tag" + (i % 3), "k" + i));
                assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
                assertThat(r.queueOffset()).isEqualTo(i / 2);
            }
            store.awaitDispatched(5000);
            assertThat(store.maxOffset("T", 0)).isEqualTo(500);
            assertThat(store.commitLog().segments().segments().size()).isGreaterThan(1);
        }
        try (MessageStore store = new MessageStore(StoreTestSupport.smallConfig(dir))) {
            store.start();
            assertThat(store.recoveryReport().crashed()).isFalse();
            assertThat(store.maxOffset("T", 1)).isEqualTo(500);
            try (GetMessageResult r = store.getMessages("g", "T", 1, 10, 32, MessageFilter.ALL)) {
                assertThat(r.status()).isEqualTo(GetMessageStatus.FOUND);
                assertThat(r.messageCount()).isEqualTo(32);
                MessageRecord rec = new MessageRecord().wrap(r.messages().get(0).buffer(), 0);
                assertThat(new String(rec.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("body-21");
                assertThat(rec.queueOffset()).isEqualTo(10);
                assertThat(r.nextBeginOffset()).isEqualTo(42);
            }
            try (GetMessageResult r = store.getMessages("g", "T", 1, 0, 32, MessageFilter.tags("tag0"))) {
                assertThat(r.messageCount()).isEqualTo(32);
            }
            assertThat(store.queryByKey("T", "k999", 10, 0, Long.MAX_VALUE)).hasSize(1);
            AppendResult next = store.append(StoreTestSupport.message("T", 0, "after", null, null));
            assertThat(next.queueOffset()).isEqualTo(500);
        }
    }
}
