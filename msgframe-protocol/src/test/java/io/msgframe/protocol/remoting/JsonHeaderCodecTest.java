package io.msgframe.protocol.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonHeaderCodecTest {
    /** The SEND_MESSAGE_V2 header of reference §1.3, byte for byte as a 4.9.8 client writes it. */
    static final String REFERENCE_EXAMPLE = "{\"code\":310,\"extFields\":{\"a\":\"pg\",\"b\":\"TopicTest\","
            + "\"c\":\"TBW102\",\"d\":\"4\",\"e\":\"1\",\"f\":\"0\",\"g\":\"1700000000000\",\"h\":\"0\","
            + "\"i\":\"TAGS\\u0001TagA\\u0002WAIT\\u0001true\\u0002UNIQ_KEY\\u0001ABC\\u0002\","
            + "\"j\":\"0\",\"k\":\"false\",\"m\":\"false\",\"n\":\"broker-a\"},\"flag\":0,\"language\":\"JAVA\","
            + "\"opaque\":0,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":409}";

    private static RemotingCommand decode(String json) {
        return HeaderCodec.decode(SerializeType.JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(RemotingCommand command) {
        return new String(HeaderCodec.encodeJson(command), StandardCharsets.UTF_8);
    }

    @Test
    void decodesTheReferenceExampleHeader() {
        RemotingCommand command = decode(REFERENCE_EXAMPLE);

        assertThat(command.code()).isEqualTo(RequestCode.SEND_MESSAGE_V2);
        assertThat(command.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(command.version()).isEqualTo(409);
        assertThat(command.opaque()).isZero();
        assertThat(command.flag()).isZero();
        assertThat(command.isResponse()).isFalse();
        assertThat(command.remark()).isNull();
        assertThat(command.serializeType()).isEqualTo(SerializeType.JSON);
        assertThat(command.extFields()).hasSize(13)
                .containsEntry("a", "pg").containsEntry("b", "TopicTest").containsEntry("g", "1700000000000")
                .containsEntry("n", "broker-a")
                .containsEntry("i", "TAGS\u0001TagA\u0002WAIT\u0001true\u0002UNIQ_KEY\u0001ABC\u0002");
    }

    @Test
    void encodesTheReferenceExampleByteForByte() {
        RemotingCommand command = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2);
        String[] pairs = {"a", "pg", "b", "TopicTest", "c", "TBW102", "d", "4", "e", "1", "f", "0",
                "g", "1700000000000", "h", "0", "i", "TAGS\u0001TagA\u0002WAIT\u0001true\u0002UNIQ_KEY\u0001ABC\u0002",
                "j", "0", "k", "false", "m", "false", "n", "broker-a"};
        for (int i = 0; i < pairs.length; i += 2) {
            command.ext(pairs[i], pairs[i + 1]);
        }

        assertThat(encode(command)).isEqualTo(REFERENCE_EXAMPLE);
    }

    @Test
    void writesKeysAlphabeticallyWithRemarkAndEmptyExtFieldsObject() {
        RemotingCommand request = RemotingCommand.request(34).opaque(7);
        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY, "busy \"now\"");

        assertThat(encode(response)).isEqualTo("{\"code\":2,\"extFields\":{},\"flag\":1,\"language\":\"JAVA\","
                + "\"opaque\":7,\"remark\":\"busy \\\"now\\\"\",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":409}");
    }

    @Test
    void controlCharactersAndNonAsciiRoundTrip() {
        String value = "K\u0001V\u0002\u0000tab\there\nnew line é 中文 \uD83D\uDE00";
        RemotingCommand command = RemotingCommand.request(10).ext("p", value).remark("rémark\u0001");

        String json = encode(command);
        RemotingCommand decoded = decode(json);

        assertThat(json).contains("\\u0001").contains("\\u0002").doesNotContain("\u0001");
        assertThat(decoded.ext("p")).isEqualTo(value);
        assertThat(decoded.remark()).isEqualTo("rémark\u0001");
    }

    @Test
    void acceptsLanguageAsNameOrNumberAndDefaultsToJava() {
        assertThat(decode("{\"code\":1,\"language\":\"GO\"}").language()).isEqualTo(LanguageCode.GO);
        assertThat(decode("{\"code\":1,\"language\":1}").language()).isEqualTo(LanguageCode.CPP);
        assertThat(decode("{\"code\":1,\"language\":\"12\"}").language()).isEqualTo(LanguageCode.RUST);
        assertThat(decode("{\"code\":1}").language()).isEqualTo(LanguageCode.JAVA);
        assertThat(decode("{\"code\":1,\"language\":\"COBOL\"}").language()).isEqualTo(LanguageCode.OTHER);
    }

    @Test
    void coercesExtValuesOfAnyTypeToStrings() {
        RemotingCommand command = decode("{\"code\":1,\"extFields\":{\"n\":42,\"l\":1700000000000,\"d\":1.5,"
                + "\"b\":true,\"s\":\"x\",\"z\":null,\"o\":{\"k\":[1,\"a\"]},\"a\":[true, 2]}}");

        assertThat(command.extFields()).containsExactly(
                java.util.Map.entry("n", "42"), java.util.Map.entry("l", "1700000000000"),
                java.util.Map.entry("d", "1.5"), java.util.Map.entry("b", "true"), java.util.Map.entry("s", "x"),
                java.util.Map.entry("o", "{\"k\":[1,\"a\"]}"), java.util.Map.entry("a", "[true,2]"));
        assertThat(command.extInt("n")).isEqualTo(42);
    }

    @Test
    void ignoresUnknownKeysOfAnyShapeAndAcceptsNumbersAsStrings() {
        RemotingCommand command = decode(" {\"zz\":{\"a\":[1,{\"b\":2}]},\"code\":\"105\",\"opaque\":-5,"
                + "\"newThing\":[1,2],\"flag\":3,\"remark\":null,\"version\":\"479\","
                + "\"serializeTypeCurrentRPC\":\"JSON\"}\n");

        assertThat(command.code()).isEqualTo(105);
        assertThat(command.opaque()).isEqualTo(-5);
        assertThat(command.flag()).isEqualTo(3);
        assertThat(command.isOneway()).isTrue();
        assertThat(command.version()).isEqualTo(479);
        assertThat(command.remark()).isNull();
        assertThat(command.hasExtFields()).isFalse();
    }

    @Test
    void keepsCodesAboveTheInt16Range() {
        assertThat(decode(encode(RemotingCommand.request(200050))).code()).isEqualTo(200050);
    }

    @Test
    void rejectsMalformedHeadersWithAClearMessage() {
        assertMalformed("", "malformed JSON header");
        assertMalformed("not json", "malformed JSON header");
        assertMalformed("[1,2]", "not a JSON object");
        assertMalformed("{\"code\":310,\"opaque\":", "malformed JSON header");
        assertMalformed("{\"code\":\"abc\"}", "'code' must be a 32-bit integer");
        assertMalformed("{\"code\":1.5}", "'code' must be a 32-bit integer");
        assertMalformed("{\"opaque\":99999999999}", "'opaque' must be a 32-bit integer");
        assertMalformed("{\"code\":1,\"extFields\":[1]}", "'extFields' must be an object");
        assertMalformed("{\"code\":1,\"remark\":{}}", "'remark' must be a string");
        assertMalformed("{\"code\":1} {\"code\":2}", "after the header object");
    }

    private static void assertMalformed(String json, String message) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ProtocolException) e).responseCode())
                        .isEqualTo(ResponseCode.SYSTEM_ERROR));
    }

    @Test
    void decodesASliceOfALargerArray() {
        byte[] bytes = ("xx" + REFERENCE_EXAMPLE + "yy").getBytes(StandardCharsets.UTF_8);

        RemotingCommand command = HeaderCodec.decode(SerializeType.JSON, bytes, 2, bytes.length - 4);

        assertThat(command.code()).isEqualTo(310);
    }
}
