package io.msgframe.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FastjsonKeyNormalizerTest {

    private static String normalize(String json) {
        return new String(FastjsonKeyNormalizer.normalize(json.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    @Test
    void standardJsonIsReturnedAsTheSameArray() {
        byte[] json = "{\"a\":{\"b\":[1,{\"c\":\"{x}:[y]\"}]},\"d\":\"\\\"{\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(FastjsonKeyNormalizer.normalize(json)).isSameAs(json);
    }

    @Test
    void objectKeysBecomeEscapedStrings() {
        assertThat(normalize("{{\"brokerName\":\"b\",\"queueId\":3}:{\"x\":1},{\"q\":\"\\\\\"}:2}"))
                .isEqualTo("{\"{\\\"brokerName\\\":\\\"b\\\",\\\"queueId\\\":3}\":{\"x\":1},"
                        + "\"{\\\"q\\\":\\\"\\\\\\\\\\\"}\":2}");
    }

    @Test
    void bareKeysBecomeStrings() {
        assertThat(normalize("{0:\"a\", -1 :\"b\",x_1:{2:3}}")).isEqualTo("{\"0\":\"a\", \"-1\" :\"b\",\"x_1\":{\"2\":3}}");
    }

    @Test
    void arraysAndValuesAreNeverTouched() {
        assertThat(normalize("[{0:1},[2,3],{\"k\":[{4:5}]}]")).isEqualTo("[{\"0\":1},[2,3],{\"k\":[{\"4\":5}]}]");
    }

    @Test
    void newlinesInsideAnObjectKeyAreEscaped() {
        assertThat(normalize("{{\n\"a\":1}:2}")).isEqualTo("{\"{\\u000a\\\"a\\\":1}\":2}");
    }

    @Test
    void unterminatedInputIsLeftForTheParser() {
        assertThat(normalize("{{\"a\":1")).isEqualTo("{{\"a\":1");
        assertThat(normalize("{\"a")).isEqualTo("{\"a");
    }

    @Test
    void multiByteCharactersPassThrough() {
        assertThat(normalize("{{\"t\":\"主题\"}:\"ü\"}")).isEqualTo("{\"{\\\"t\\\":\\\"主题\\\"}\":\"ü\"}");
    }
}
