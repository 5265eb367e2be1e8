package io.msgframe.broker.send;

import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendMessageRequestHeaderTest {

    private static RemotingCommand v1Request() {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .ext("producerGroup", "pg").ext("topic", "TopicTest").ext("defaultTopic", "TBW102")
                .ext("defaultTopicQueueNums", "4").ext("queueId", "3").ext("sysFlag", "769")
                .ext("bornTimestamp", "1700000000000").ext("flag", "7")
                .ext("properties", "TAGS\u0001TagA\u0002WAIT\u0001true\u0002")
                .ext("reconsumeTimes", "2").ext("unitMode", "false").ext("maxReconsumeTimes", "5")
                .ext("batch", "false").ext("bname", "broker-a");
    }

    private static RemotingCommand v2Request(int code) {
        return RemotingCommand.request(code)
                .ext("a", "pg").ext("b", "TopicTest").ext("c", "TBW102").ext("d", "4").ext("e", "3")
                .ext("f", "769").ext("g", "1700000000000").ext("h", "7")
                .ext("i", "TAGS\u0001TagA\u0002WAIT\u0001true\u0002").ext("j", "2").ext("k", "false")
                .ext("l", "5").ext("m", "false").ext("n", "broker-a");
    }

    @Test
    void readsV1AndV2KeysIntoTheSameHeader() {
        SendMessageRequestHeader v1 = SendMessageRequestHeader.parse(v1Request());
        SendMessageRequestHeader v2 = SendMessageRequestHeader.parse(v2Request(RequestCode.SEND_MESSAGE_V2));

        assertThat(v1).isEqualTo(v2);
        assertThat(v2.producerGroup()).isEqualTo("pg");
        assertThat(v2.topic()).isEqualTo("TopicTest");
        assertThat(v2.defaultTopic()).isEqualTo("TBW102");
        assertThat(v2.defaultTopicQueueNums()).isEqualTo(4);
        assertThat(v2.queueId()).isEqualTo(3);
        assertThat(v2.sysFlag()).isEqualTo(769);
        assertThat(v2.bornTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(v2.flag()).isEqualTo(7);
        assertThat(v2.properties()).isEqualTo("TAGS\u0001TagA\u0002WAIT\u0001true\u0002");
        assertThat(v2.reconsumeTimes()).isEqualTo(2);
        assertThat(v2.unitMode()).isFalse();
        assertThat(v2.maxReconsumeTimes()).isEqualTo(5);
        assertThat(v2.batch()).isFalse();
        assertThat(v2.brokerName()).isEqualTo("broker-a");
    }

    @Test
    void batchCodeReadsShortKeysAndIsAlwaysABatch() {
        SendMessageRequestHeader header = SendMessageRequestHeader.parse(v2Request(RequestCode.SEND_BATCH_MESSAGE));

        assertThat(header.topic()).isEqualTo("TopicTest");
        assertThat(header.batch()).isTrue();
    }

    @Test
    void keySetFollowsTheCodeButFallsBackToTheSetPresent() {
        RemotingCommand v1KeysOnV2Code = v1Request().code(RequestCode.SEND_MESSAGE_V2);
        RemotingCommand v2KeysOnV1Code = v2Request(RequestCode.SEND_MESSAGE);

        assertThat(SendMessageRequestHeader.usesShortKeys(v1Request())).isFalse();
        assertThat(SendMessageRequestHeader.usesShortKeys(v2Request(RequestCode.SEND_MESSAGE_V2))).isTrue();
        assertThat(SendMessageRequestHeader.parse(v1KeysOnV2Code).queueId()).isEqualTo(3);
        assertThat(SendMessageRequestHeader.parse(v2KeysOnV1Code).queueId()).isEqualTo(3);
    }

    @Test
    void optionalFieldsTakeTheClientDefaults() {
        RemotingCommand minimal = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).ext("b", "T").ext("e", "-1");

        SendMessageRequestHeader header = SendMessageRequestHeader.parse(minimal);

        assertThat(header.defaultTopic()).isEqualTo("TBW102");
        assertThat(header.defaultTopicQueueNums()).isEqualTo(4);
        assertThat(header.queueId()).isEqualTo(-1);
        assertThat(header.properties()).isNull();
        assertThat(header.reconsumeTimes()).isZero();
        assertThat(header.maxReconsumeTimes()).isNull();
        assertThat(header.unitMode()).isFalse();
        assertThat(header.batch()).isFalse();
    }

    @Test
    void missingTopicIsAnErrorNamingBothKeys() {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).ext("e", "0");

        assertThatThrownBy(() -> SendMessageRequestHeader.parse(request))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'topic' ('b')")
                .satisfies(e -> assertThat(((ProtocolException) e).responseCode()).isEqualTo(ResponseCode.SYSTEM_ERROR));
    }

    @Test
    void malformedNumberIsAnErrorNamingTheField() {
        RemotingCommand request = v2Request(RequestCode.SEND_MESSAGE_V2).ext("e", "three");

        assertThatThrownBy(() -> SendMessageRequestHeader.parse(request))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'queueId' ('e')")
                .hasMessageContaining("three");
    }

    @Test
    void booleansAreTrueOnlyForTrueInAnyCase() {
        RemotingCommand request = v2Request(RequestCode.SEND_MESSAGE_V2).ext("k", "TRUE").ext("m", "yes");

        SendMessageRequestHeader header = SendMessageRequestHeader.parse(request);

        assertThat(header.unitMode()).isTrue();
        assertThat(header.batch()).isFalse();
    }
}
