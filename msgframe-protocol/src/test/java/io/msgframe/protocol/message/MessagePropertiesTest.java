package io.msgframe.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessagePropertiesTest {

    private static final char NV = '\u0001';
    private static final char SEP = '\u0002';

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void separatorsAreTheReferenceControlCharacters() {
        assertThat(MessageProperties.NAME_VALUE_SEPARATOR).isEqualTo((char) 1);
        assertThat(MessageProperties.PROPERTY_SEPARATOR).isEqualTo((char) 2);
    }

    @Test
    void encodesPairsInIterationOrderWithASeparatorAfterEveryPairIncludingTheLast() {
        String encoded = MessageProperties.encode(ordered("TAGS", "a", "KEYS", "k1 k2", "WAIT", "true"));

        assertThat(encoded).isEqualTo("TAGS\u0001a\u0002KEYS\u0001k1 k2\u0002WAIT\u0001true\u0002");
    }

    @Test
    void encodesASinglePairWithATrailingSeparator() {
        assertThat(MessageProperties.encode(Map.of("k", "v"))).isEqualTo("k\u0001v\u0002");
    }

    @Test
    void encodesAnEmptyMapAsAnEmptyString() {
        assertThat(MessageProperties.encode(Map.of())).isEmpty();
    }

    @Test
    void encodeLeavesOutPairsWithNullOrEmptyNamesOrValues() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("a", "1");
        map.put("", "x");
        map.put(null, "y");
        map.put("empty", "");
        map.put("null", null);
        map.put("b", "2");

        assertThat(MessageProperties.encode(map)).isEqualTo("a\u00011\u0002b\u00012\u0002");
    }

    @Test
    void decodeRoundTripsEncodeKeepingTheOrder() {
        Map<String, String> map = ordered("UNIQ_KEY", "C0A8000A00002A9F00000000000003E8", "TAGS", "TagA",
                "KEYS", "order-1 order-2", "zz", "ünïcødé ✓ 😀", "a", "b=c;d");

        Map<String, String> decoded = MessageProperties.decode(MessageProperties.encode(map));

        assertThat(decoded).containsExactlyEntriesOf(map);
        assertThat(decoded).isInstanceOf(LinkedHashMap.class);
    }

    @Test
    void decodesAStringWithoutTheTrailingSeparator() {
        assertThat(MessageProperties.decode("a\u00011\u0002b\u00012"))
                .containsExactly(entry("a", "1"), entry("b", "2"));
    }

    @Test
    void decodesNullAndEmptyAsAnEmptyMap() {
        assertThat(MessageProperties.decode(null)).isEmpty();
        assertThat(MessageProperties.decode("")).isEmpty();
    }

    @Test
    void decodeDropsSegmentsWithAnEmptyName() {
        assertThat(MessageProperties.decode("\u0001v\u0002a\u00011\u0002")).containsExactly(entry("a", "1"));
    }

    @Test
    void decodeDropsSegmentsWithAnEmptyValue() {
        assertThat(MessageProperties.decode("a\u0001\u0002b\u00012\u0002c\u0001")).containsExactly(entry("b", "2"));
    }

    @Test
    void decodeDropsSegmentsWithoutANameValueSeparatorAndEmptySegments() {
        assertThat(MessageProperties.decode("garbage\u0002\u0002\u0002b\u00012\u0002\u0001\u0002x"))
                .containsExactly(entry("b", "2"));
    }

    @Test
    void decodeDoesNotTakeTheNameValueSeparatorFromALaterSegment() {
        // "abc" has no 0x01 of its own; the 0x01 of the next segment must not be used for it.
        assertThat(MessageProperties.decode("abc\u0002d\u0001e\u0002")).containsExactly(entry("d", "e"));
    }

    @Test
    void decodeSplitsOnTheFirstNameValueSeparatorOfASegment() {
        assertThat(MessageProperties.decode("a\u0001b\u0001c\u0002")).containsExactly(entry("a", "b\u0001c"));
    }

    @Test
    void decodeLetsTheLastOccurrenceOfANameWinLikeTheJavaClient() {
        assertThat(MessageProperties.decode("WAIT\u0001true\u0002TAGS\u0001x\u0002WAIT\u0001false\u0002"))
                .containsEntry("WAIT", "false")
                .hasSize(2);
    }

    @Test
    void decodeKeepsOneCharacterNamesAndValues() {
        assertThat(MessageProperties.decode("a\u0001b")).containsExactly(entry("a", "b"));
        assertThat(MessageProperties.decode("a\u0001")).isEmpty();
    }

    @Test
    void findReturnsTheValueOfAPresentName() {
        String properties = "TAGS\u0001tagA\u0002KEYS\u0001k1 k2\u0002UNIQ_KEY\u0001ABC\u0002";

        assertThat(MessageProperties.find(properties, "TAGS")).isEqualTo("tagA");
        assertThat(MessageProperties.find(properties, "KEYS")).isEqualTo("k1 k2");
        assertThat(MessageProperties.find(properties, "UNIQ_KEY")).isEqualTo("ABC");
    }

    @Test
    void findReturnsNullForAnAbsentName() {
        String properties = "TAGS\u0001tagA\u0002";

        assertThat(MessageProperties.find(properties, "KEYS")).isNull();
        assertThat(MessageProperties.find("", "KEYS")).isNull();
        assertThat(MessageProperties.find(null, "KEYS")).isNull();
    }

    @Test
    void findDoesNotMatchANameThatIsOnlyAPrefixOfAnother() {
        String properties = "TAGS\u0001tagA\u0002";

        assertThat(MessageProperties.find(properties, "TAG")).isNull();
        assertThat(MessageProperties.find(properties, "T")).isNull();
        assertThat(MessageProperties.decode(properties).get("TAG")).isNull();
    }

    @Test
    void findDoesNotMatchALongerNameThatStartsWithAStoredName() {
        String properties = "TAG\u0001short\u0002";

        assertThat(MessageProperties.find(properties, "TAGS")).isNull();
        assertThat(MessageProperties.find(properties, "TAG")).isEqualTo("short");
    }

    @Test
    void findTellsPrefixRelatedNamesApartWhicheverComesFirst() {
        String tagFirst = "TAG\u00011\u0002TAGS\u00012\u0002";
        String tagsFirst = "TAGS\u00012\u0002TAG\u00011\u0002";

        for (String properties : new String[] {tagFirst, tagsFirst}) {
            assertThat(MessageProperties.find(properties, "TAG")).isEqualTo("1")
                    .isEqualTo(MessageProperties.decode(properties).get("TAG"));
            assertThat(MessageProperties.find(properties, "TAGS")).isEqualTo("2")
                    .isEqualTo(MessageProperties.decode(properties).get("TAGS"));
        }
    }

    @Test
    void findDoesNotMatchANameThatIsASuffixOrAppearsInsideAValue() {
        String properties = "XTAGS\u0001a\u0002K\u0001TAGS\u0001b\u0002";

        assertThat(MessageProperties.find(properties, "TAGS")).isNull();
        assertThat(MessageProperties.decode(properties).get("TAGS")).isNull();
        assertThat(MessageProperties.find(properties, "K")).isEqualTo("TAGS\u0001b");
    }

    @Test
    void findFindsTheLastPairWithoutATrailingSeparator() {
        assertThat(MessageProperties.find("a\u00011\u0002TAGS\u0001x", "TAGS")).isEqualTo("x");
    }

    @Test
    void findIgnoresAnEmptyValueLikeDecode() {
        String properties = "TAGS\u0001\u0002KEYS\u0001k\u0002";

        assertThat(MessageProperties.find(properties, "TAGS")).isNull();
        assertThat(MessageProperties.find("TAGS\u0001", "TAGS")).isNull();
    }

    @Test
    void findReturnsTheSameAsDecodeForADuplicatedName() {
        // 4.9.x brokers append the batch header's properties to each record's own: names can repeat.
        String properties = "UNIQ_KEY\u0001inner\u0002WAIT\u0001true\u0002UNIQ_KEY\u0001batch\u0002";

        assertThat(MessageProperties.find(properties, "UNIQ_KEY"))
                .isEqualTo(MessageProperties.decode(properties).get("UNIQ_KEY"))
                .isEqualTo("batch");
    }

    @Test
    void findReturnsNullForAnEmptyNameLikeDecode() {
        String properties = "\u0001v\u0002a\u00011\u0002";

        assertThat(MessageProperties.find(properties, "")).isNull();
        assertThat(MessageProperties.decode(properties).get("")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TAGS", "TAG", "KEYS", "K", "UNIQ_KEY", "WAIT", "X", "TAGSX", "AGS"})
    void findAgreesWithDecodeOnAMixedString(String name) {
        String properties = "TAGS\u0001t\u0002K\u0001v\u0002KEYS\u0001a b\u0002junk\u0002\u0002"
                + "\u0001orphan\u0002WAIT\u0001\u0002UNIQ_KEY\u0001u\u0001v";

        assertThat(MessageProperties.find(properties, name)).isEqualTo(MessageProperties.decode(properties).get(name));
    }

    @Test
    void reservedPropertyNamesAreRocketMqs() {
        assertThat(PropertyKeys.TAGS).isEqualTo("TAGS");
        assertThat(PropertyKeys.KEYS).isEqualTo("KEYS");
        assertThat(PropertyKeys.WAIT_STORE_MSG_OK).isEqualTo("WAIT");
        assertThat(PropertyKeys.DELAY_TIME_LEVEL).isEqualTo("DELAY");
        assertThat(PropertyKeys.UNIQ_KEY).isEqualTo("UNIQ_KEY");
        assertThat(PropertyKeys.TRANSACTION_PREPARED).isEqualTo("TRAN_MSG");
        assertThat(PropertyKeys.PRODUCER_GROUP).isEqualTo("PGROUP");
        assertThat(PropertyKeys.REAL_TOPIC).isEqualTo("REAL_TOPIC");
        assertThat(PropertyKeys.REAL_QUEUE_ID).isEqualTo("REAL_QID");
        assertThat(PropertyKeys.RETRY_TOPIC).isEqualTo("RETRY_TOPIC");
        assertThat(PropertyKeys.ORIGIN_MESSAGE_ID).isEqualTo("ORIGIN_MESSAGE_ID");
        assertThat(PropertyKeys.RECONSUME_TIME).isEqualTo("RECONSUME_TIME");
        assertThat(PropertyKeys.MAX_RECONSUME_TIMES).isEqualTo("MAX_RECONSUME_TIMES");
        assertThat(PropertyKeys.TRACE_SWITCH).isEqualTo("TRACE_ON");
        assertThat(PropertyKeys.TRANSACTION_ID).isEqualTo("__transactionId__");
        assertThat(PropertyKeys.TRANSACTION_CHECK_TIMES).isEqualTo("TRANSACTION_CHECK_TIMES");
        assertThat(PropertyKeys.TRANSACTION_PREPARED_QUEUE_OFFSET).isEqualTo("TRAN_PREPARED_QUEUE_OFFSET");
        assertThat(PropertyKeys.MESSAGE_TTL).isEqualTo("TTL");
        assertThat(PropertyKeys.MESSAGE_TYPE).isEqualTo("MSG_TYPE");
        assertThat(PropertyKeys.SHARDING_KEY).isEqualTo("__SHARDINGKEY");
        assertThat(PropertyKeys.KEY_SEPARATOR).isEqualTo(" ");
    }
}
