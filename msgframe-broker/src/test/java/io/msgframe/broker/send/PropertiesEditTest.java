package io.msgframe.broker.send;

import io.msgframe.protocol.message.MessageProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PropertiesEditTest {
    private static final String P = "TAGS\u0001A\u0002WAIT\u0001true\u0002";

    @Test
    void appendsANewPairAfterTheLastSeparator() {
        assertThat(PropertiesEdit.with(P, "CLUSTER", "c")).isEqualTo(P + "CLUSTER\u0001c\u0002");
        assertThat(PropertiesEdit.with("", "CLUSTER", "c")).isEqualTo("CLUSTER\u0001c\u0002");
    }

    @Test
    void addsTheMissingSeparatorOfAStringWithoutTrailingOne() {
        String result = PropertiesEdit.with("TAGS\u0001A", "K", "v");

        assertThat(MessageProperties.decode(result)).containsEntry("TAGS", "A").containsEntry("K", "v");
    }

    @Test
    void replacesAnExistingValue() {
        String result = PropertiesEdit.with(P, "TAGS", "B");

        assertThat(MessageProperties.decode(result)).containsEntry("TAGS", "B").hasSize(2);
        assertThat(PropertiesEdit.with(P, "TAGS", "A")).isSameAs(P);
    }

    @Test
    void addsOnlyIfAbsent() {
        assertThat(PropertiesEdit.withIfAbsent(P, "TAGS", "B")).isSameAs(P);
        assertThat(PropertiesEdit.withIfAbsent(P, "UNIQ_KEY", "U")).isEqualTo(P + "UNIQ_KEY\u0001U\u0002");
    }

    @Test
    void removesAPair() {
        String withDelay = P + "DELAY\u00013\u0002";

        assertThat(MessageProperties.decode(PropertiesEdit.without(withDelay, "DELAY"))).doesNotContainKey("DELAY")
                .containsEntry("TAGS", "A");
        assertThat(PropertiesEdit.without(P, "DELAY")).isSameAs(P);
    }
}
