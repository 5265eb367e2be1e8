package io.msgframe.protocol.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class HeaderCodecPropertyTest {

    /** Any text but lone surrogates (not representable in UTF-8), including control characters. */
    private static Arbitrary<String> text(int minLength) {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
                .ofMinLength(minLength).ofMaxLength(40);
    }

    @Provide
    Arbitrary<RemotingCommand> commands() {
        Arbitrary<Integer> int16 = Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE);
        Arbitrary<Map<String, String>> ext = Arbitraries.maps(text(1), text(1)).ofMaxSize(12);
        return Combinators.combine(int16, Arbitraries.of(LanguageCode.class), int16, Arbitraries.integers(),
                        Arbitraries.integers().between(0, 3), text(1).injectNull(0.3), ext)
                .as((code, language, version, opaque, flag, remark, fields) -> RemotingCommand.decoded(code,
                        language, version, opaque, flag, remark, fields.isEmpty() ? null : fields,
                        SerializeType.JSON));
    }

    @Property
    void jsonRoundTrips(@ForAll("commands") RemotingCommand command) {
        assertSameHeader(HeaderCodec.decode(SerializeType.JSON, HeaderCodec.encodeJson(command)), command);
    }

    @Property
    void binaryRoundTrips(@ForAll("commands") RemotingCommand command) {
        assertSameHeader(HeaderCodec.decode(SerializeType.ROCKETMQ, HeaderCodec.encodeBinary(command)), command);
    }

    @Property
    void decodingArbitraryBytesFailsOnlyWithProtocolException(@ForAll byte[] header) {
        for (SerializeType type : SerializeType.values()) {
            try {
                HeaderCodec.decode(type, header);
            } catch (ProtocolException expected) {
                assertThat(expected.responseCode()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            }
            HeaderProbe.of(type, header, 0, header.length); // never throws
        }
    }

    private static void assertSameHeader(RemotingCommand decoded, RemotingCommand original) {
        assertThat(decoded.code()).isEqualTo(original.code());
        assertThat(decoded.language()).isEqualTo(original.language());
        assertThat(decoded.version()).isEqualTo(original.version());
        assertThat(decoded.opaque()).isEqualTo(original.opaque());
        assertThat(decoded.flag()).isEqualTo(original.flag());
        assertThat(decoded.remark()).isEqualTo(original.remark());
        assertThat(decoded.extFields()).containsExactlyEntriesOf(original.extFields());
    }
}
