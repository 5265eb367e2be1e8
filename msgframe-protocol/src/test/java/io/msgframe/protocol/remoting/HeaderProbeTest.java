package io.msgframe.protocol.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderProbeTest {

    private static HeaderProbe probe(SerializeType type, String header) {
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        return HeaderProbe.of(type, bytes, 0, bytes.length);
    }

    @Test
    void findsOpaqueAndFlagBeforeAJsonSyntaxError() {
        HeaderProbe probe = probe(SerializeType.JSON,
                "{\"code\":10,\"extFields\":{\"a\":1},\"flag\":2,\"opaque\":77, oops");

        assertThat(probe.recovered()).isTrue();
        assertThat(probe.opaque()).isEqualTo(77);
        assertThat(probe.isOneway()).isTrue();
        assertThat(probe.isResponse()).isFalse();
    }

    @Test
    void findsNothingInGarbage() {
        assertThat(probe(SerializeType.JSON, "garbage{")).isEqualTo(new HeaderProbe(0, 0, false));
        assertThat(probe(SerializeType.JSON, "{\"code\":1, ]")).isEqualTo(new HeaderProbe(0, 0, false));
        assertThat(probe(null, "\u0001\u0002")).isEqualTo(new HeaderProbe(0, 0, false));
    }

    @Test
    void scansJsonLookingHeadersOfUnknownType() {
        assertThat(probe(null, "{\"opaque\":5}").opaque()).isEqualTo(5);
    }

    @Test
    void readsBinaryOpaqueAndFlagAtTheirOffsets() {
        byte[] header = HeaderCodec.encodeBinary(RemotingCommand.request(10).opaque(0x01020304).markOneway());
        header[14] = 99; // corrupt the remark length: decoding fails, the fixed offsets still hold

        HeaderProbe probe = HeaderProbe.of(SerializeType.ROCKETMQ, header, 0, header.length);

        assertThat(probe).isEqualTo(new HeaderProbe(0x01020304, 2, true));
        assertThat(HeaderProbe.of(SerializeType.ROCKETMQ, header, 0, 9).opaque()).isEqualTo(0x01020304);
        assertThat(HeaderProbe.of(SerializeType.ROCKETMQ, header, 0, 8).recovered()).isFalse();
    }
}
