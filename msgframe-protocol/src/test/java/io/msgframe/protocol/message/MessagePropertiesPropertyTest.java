package io.msgframe.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class MessagePropertiesPropertyTest {

    @Provide
    Arbitrary<Map<String, String>> maps() {
        Arbitrary<String> text = Arbitraries.strings()
                .withCharRange('\u0000', '\u0000').withCharRange('\u0003', '\uFFFF')
                .ofMinLength(1).ofMaxLength(30);
        return Arbitraries.maps(text, text).ofMaxSize(15);
    }

    /** Names over a tiny alphabet, so that prefixes ("T", "TA", "TAG", "TAGS") and duplicates are common. */
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars('T', 'A', 'G', 'S').ofMinLength(1).ofMaxLength(4);
    }

    /** Well-formed pairs, empty names or values, segments without a 0x01, empty segments, stray 0x01s. */
    @Provide
    Arbitrary<String> messyProperties() {
        Arbitrary<String> rawNames = Arbitraries.strings().withChars('T', 'A', 'G', 'S').ofMaxLength(4);
        Arbitrary<String> values = Arbitraries.strings().withChars('x', 'T', 'S', '\u0001').ofMaxLength(3);
        Arbitrary<String> pair = Combinators.combine(rawNames, values)
                .as((name, value) -> name + MessageProperties.NAME_VALUE_SEPARATOR + value);
        Arbitrary<String> junk = Arbitraries.strings().withChars('T', 'A', 'G', 'S', 'x').ofMaxLength(5);
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                Tuple.of(6, pair), Tuple.of(1, junk));
        return Combinators.combine(segment.list().ofMaxSize(8), Arbitraries.of(true, false))
                .as((List<String> segments, Boolean trailing) -> {
                    String joined = String.join(String.valueOf(MessageProperties.PROPERTY_SEPARATOR), segments);
                    return trailing && !segments.isEmpty() ? joined + MessageProperties.PROPERTY_SEPARATOR : joined;
                });
    }

    @Property
    void decodeOfEncodeIsTheSameMapInTheSameOrder(@ForAll("maps") Map<String, String> map) {
        String encoded = MessageProperties.encode(map);

        assertThat(MessageProperties.decode(encoded)).containsExactlyEntriesOf(map);
        assertThat(encoded.chars().filter(c -> c == MessageProperties.PROPERTY_SEPARATOR)).hasSize(map.size());
        if (!map.isEmpty()) {
            assertThat(encoded).endsWith(String.valueOf(MessageProperties.PROPERTY_SEPARATOR));
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Map<String, String>, String>> mapsAndNames() {
        // One parameter: jqwik 1.9.3 can fail shrinking a map and a String parameter side by side.
        return Combinators.combine(maps(), names()).as(Tuple::of);
    }

    @Property
    void findOfEncodeReturnsEveryValueAndNullForAbsentNames(
            @ForAll("mapsAndNames") Tuple.Tuple2<Map<String, String>, String> mapAndName) {
        Map<String, String> map = mapAndName.get1();
        String other = mapAndName.get2();
        String encoded = MessageProperties.encode(map);

        map.forEach((name, value) -> assertThat(MessageProperties.find(encoded, name)).isEqualTo(value));
        assertThat(MessageProperties.find(encoded, other)).isEqualTo(map.get(other));
    }

    @Property(tries = 3000)
    void findAgreesWithDecodeOnAnyPropertiesString(@ForAll("messyProperties") String properties,
                                                   @ForAll("names") String name) {
        assertThat(MessageProperties.find(properties, name))
                .as("find(%s, %s)", properties.replace('\u0001', '=').replace('\u0002', ';'), name)
                .isEqualTo(MessageProperties.decode(properties).get(name));
    }

    @Property
    void decodeNeverReturnsEmptyNamesOrValues(@ForAll("messyProperties") String properties) {
        MessageProperties.decode(properties).forEach((name, value) -> {
            assertThat(name).isNotEmpty().doesNotContain("\u0001", "\u0002");
            assertThat(value).isNotEmpty().doesNotContain("\u0002");
        });
    }
}
