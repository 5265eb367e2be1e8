package io.msgframe.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msgframe.protocol.remoting.ProtocolException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageQueueKeyedMapJsonTest {
    private static final MessageQueue Q3 = new MessageQueue("T", "b", 3);
    private static final MessageQueue Q0 = new MessageQueue("T", "b", 0);

    @Test
    void consumeStatsIsWrittenWithObjectKeysExactlyAsFastjsonDoes() {
        ConsumeStats stats = new ConsumeStats(0.0, Map.of(Q3, new OffsetWrapper(10, 7, 0, 1700000000000L)));

        assertThat(RemotingJson.encodeToString(stats)).isEqualTo("{\"consumeTps\":0.0,\"offsetTable\":{"
                + "{\"brokerName\":\"b\",\"queueId\":3,\"topic\":\"T\"}:"
                + "{\"brokerOffset\":10,\"consumerOffset\":7,\"lastTimestamp\":1700000000000,\"pullOffset\":0}}}");
    }

    @Test
    void entriesAreOrderedByQueue() {
        Map<MessageQueue, TopicOffset> table = new LinkedHashMap<>();
        table.put(new MessageQueue("U", "a", 0), new TopicOffset(0, 1, 5));
        table.put(Q3, new TopicOffset(0, 2, 6));
        table.put(Q0, new TopicOffset(1, 3, 7));

        String json = RemotingJson.encodeToString(new TopicStatsTable(table));

        assertThat(json).isEqualTo("{\"offsetTable\":{"
                + "{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"T\"}:{\"lastUpdateTimestamp\":7,\"maxOffset\":3,\"minOffset\":1},"
                + "{\"brokerName\":\"b\",\"queueId\":3,\"topic\":\"T\"}:{\"lastUpdateTimestamp\":6,\"maxOffset\":2,\"minOffset\":0},"
                + "{\"brokerName\":\"a\",\"queueId\":0,\"topic\":\"U\"}:{\"lastUpdateTimestamp\":5,\"maxOffset\":1,\"minOffset\":0}},"
                + "\"topicPutTps\":0.0}");
    }

    @Test
    void emptyMessageQueueMapIsAnEmptyObject() {
        assertThat(RemotingJson.encodeToString(new ConsumeStats(1.5, Map.of())))
                .isEqualTo("{\"consumeTps\":1.5,\"offsetTable\":{}}");
    }

    @Test
    void objectKeysAreReadInAnyMemberOrderAndWithWhitespace() {
        String json = "{ \"consumeTps\" : 2.5 , \"offsetTable\" : {\n"
                + "  { \"topic\" : \"T\", \"queueId\" : 3 , \"brokerName\":\"b\" } : {\"brokerOffset\":10,\"consumerOffset\":7},\n"
                + "  {\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"T\",\"extra\":{\"x\":[1,{}]}}:{\"brokerOffset\":4}\n"
                + "} }";

        ConsumeStats stats = RemotingJson.decode(json, ConsumeStats.class);

        assertThat(stats.consumeTps()).isEqualTo(2.5);
        assertThat(stats.offsetTable()).containsOnlyKeys(Q3, Q0);
        assertThat(stats.offsetTable().get(Q3)).isEqualTo(new OffsetWrapper(10, 7, 0, 0));
        assertThat(stats.totalDiff()).isEqualTo(3 + 4);
    }

    @Test
    void stringKeysHoldingQueueJsonAreReadToo() {
        String json = "{\"offsetTable\":{\"{\\\"brokerName\\\":\\\"b\\\",\\\"queueId\\\":3,\\\"topic\\\":\\\"T\\\"}\":42}}";

        assertThat(RemotingJson.decode(json, ResetOffsetBody.class).offsetTable()).containsExactly(Map.entry(Q3, 42L));
    }

    @Test
    void valuesAndKeysWithBracesInsideStringsAreNotConfused() {
        MessageQueue odd = new MessageQueue("T", "b{\"}:[", 1);
        ResetOffsetBody body = new ResetOffsetBody(Map.of(odd, 9L));

        String json = RemotingJson.encodeToString(body);

        assertThat(json).isEqualTo("{\"offsetTable\":{{\"brokerName\":\"b{\\\"}:[\",\"queueId\":1,\"topic\":\"T\"}:9}}");
        assertThat(RemotingJson.decode(json, ResetOffsetBody.class)).isEqualTo(body);
    }

    @Test
    void nestedMessageQueueMapsRoundTrip() {
        GetConsumerStatusBody body = new GetConsumerStatusBody(Map.of(Q0, 1L),
                Map.of("client-1", Map.of(Q3, 5L, Q0, 4L)));

        String json = RemotingJson.encodeToString(body);

        assertThat(json).isEqualTo("{\"consumerTable\":{\"client-1\":{"
                + "{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"T\"}:4,"
                + "{\"brokerName\":\"b\",\"queueId\":3,\"topic\":\"T\"}:5}},"
                + "\"messageQueueTable\":{{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"T\"}:1}}");
        assertThat(RemotingJson.decode(json, GetConsumerStatusBody.class)).isEqualTo(body);
    }

    @Test
    void aKeyThatIsNotAQueueObjectIsRejected() {
        assertThatThrownBy(() -> RemotingJson.decode("{\"offsetTable\":{\"T-b-3\":1}}", ResetOffsetBody.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("ResetOffsetBody")
                .hasMessageContaining("JSON object");
    }

    @Test
    void consumeTimeSpanCarriesTheQueueAsAnOrdinaryMember() {
        QueryConsumeTimeSpanBody body = new QueryConsumeTimeSpanBody(
                java.util.List.of(new QueueTimeSpan(Q3, 1, 2, 3, 4)));

        String json = RemotingJson.encodeToString(body);

        assertThat(json).isEqualTo("{\"consumeTimeSpanSet\":[{\"consumeTimeStamp\":3,\"delayTime\":4,"
                + "\"maxTimeStamp\":2,\"messageQueue\":{\"brokerName\":\"b\",\"queueId\":3,\"topic\":\"T\"},"
                + "\"minTimeStamp\":1}]}");
        assertThat(RemotingJson.decode(json, QueryConsumeTimeSpanBody.class)).isEqualTo(body);
    }
}
