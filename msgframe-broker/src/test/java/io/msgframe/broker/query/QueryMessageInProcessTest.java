package io.msgframe.broker.query;

import io.msgframe.broker.send.InProcessBroker;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.msgframe.broker.send.InProcessBroker.bodyText;
import static io.msgframe.broker.send.InProcessBroker.commitLogOffsets;
import static io.msgframe.broker.send.InProcessBroker.properties;
import static io.msgframe.broker.send.InProcessBroker.records;
import static io.msgframe.broker.send.InProcessBroker.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

/** VIEW_MESSAGE_BY_ID and QUERY_MESSAGE against a real broker over loopback. */
class QueryMessageInProcessTest {
    @TempDir
    Path dir;
    private InProcessBroker fixture;

    @BeforeEach
    void start() {
        fixture = InProcessBroker.start(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static RemotingCommand query(String topic, String key, boolean uniqueKey) {
        return RemotingCommand.request(RequestCode.QUERY_MESSAGE).ext("topic", topic).ext("key", key)
                .ext("maxNum", 64).ext("beginTimestamp", 0).ext("endTimestamp", Long.MAX_VALUE)
                .ext("_UNIQUE_KEY_QUERY", uniqueKey);
    }

    @Test
    void viewByIdReturnsTheRecordAtTheOffsetOfTheMessageId() {
        fixture.invoke(sendV2("T", 0, "first", properties(null, null)));
        RemotingCommand sent = fixture.invoke(sendV2("T", 0, "second", properties("Tag", null)));
        long offset = commitLogOffsets(sent).get(0);

        RemotingCommand response = fixture.invoke(RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID)
                .ext("offset", offset).ext("topic", "T"));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        List<MessageRecord> records = records(response.body());
        assertThat(records).hasSize(1);
        assertThat(bodyText(records.get(0))).isEqualTo("second");
        assertThat(records.get(0).physicalOffset()).isEqualTo(offset);
    }

    @Test
    void viewByAnOffsetWithoutRecordIsSystemError() {
        fixture.invoke(sendV2("T", 0, "only", properties(null, null)));

        RemotingCommand response = fixture.invoke(RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID)
                .ext("offset", 7));

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).isEqualTo("can not find message by the offset, 7");
    }

    @Test
    void queryByKeyAndByUniqueKeyFindTheMessage() throws InterruptedException {
        String props = properties("Tag", "order-1 order-2");
        fixture.invoke(sendV2("T", 0, "keyed", props));
        fixture.invoke(sendV2("T", 0, "other", properties("Tag", "order-3")));
        fixture.awaitDispatched();

        RemotingCommand byKey = fixture.invoke(query("T", "order-2", false));
        RemotingCommand byUniqueKey = fixture.invoke(query("T", MessageProperties.find(props, "UNIQ_KEY"), true));

        assertThat(byKey.code()).as("%s", byKey).isEqualTo(ResponseCode.SUCCESS);
        assertThat(records(byKey.body())).extracting(InProcessBroker::bodyText).containsExactly("keyed");
        assertThat(Long.parseLong(byKey.ext("indexLastUpdateTimestamp"))).isPositive();
        assertThat(byKey.ext("indexLastUpdatePhyoffset")).isNotNull();
        assertThat(byUniqueKey.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(records(byUniqueKey.body())).extracting(InProcessBroker::bodyText).containsExactly("keyed");
    }

    @Test
    void queryWithoutMatchIsQueryNotFound() throws InterruptedException {
        fixture.invoke(sendV2("T", 0, "keyed", properties("Tag", "order-1")));
        fixture.awaitDispatched();

        RemotingCommand otherKey = fixture.invoke(query("T", "order-9", false));
        RemotingCommand otherTopic = fixture.invoke(query("U", "order-1", false));

        assertThat(otherKey.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        assertThat(otherKey.remark()).isEqualTo("can not find message, maybe time range not correct");
        assertThat(otherKey.ext("indexLastUpdateTimestamp")).isNotNull();
        assertThat(otherTopic.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
    }
}
