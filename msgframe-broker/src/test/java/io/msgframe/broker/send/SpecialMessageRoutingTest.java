package io.msgframe.broker.send;

import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.SysFlag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpecialMessageRoutingTest {
    private final SpecialMessageRouting routing = new SpecialMessageRouting();

    @Test
    void parksAHalfMessageInTheHalfTopicWithItsRealTopicAndQueue() {
        MessageDraft draft = new MessageDraft().topic("T").queueId(1)
                .sysFlag(SysFlag.TRANSACTION_PREPARED_TYPE | SysFlag.COMPRESSED)
                .properties("TRAN_MSG\u0001true\u0002PGROUP\u0001pg\u0002UNIQ_KEY\u0001K1\u0002");

        MessageDraft routed = routing.route(draft);

        assertThat(routed.topic()).isEqualTo("RMQ_SYS_TRANS_HALF_TOPIC");
        assertThat(routed.queueId()).isZero();
        assertThat(SysFlag.transactionType(routed.sysFlag())).isEqualTo(SysFlag.TRANSACTION_NOT_TYPE);
        assertThat(routed.sysFlag() & SysFlag.COMPRESSED).isEqualTo(SysFlag.COMPRESSED);
        assertThat(routed.properties()).contains("TRAN_MSG\u0001true", "PGROUP\u0001pg", "REAL_TOPIC\u0001T",
                "REAL_QID\u00011", "__transactionId__\u0001K1");
    }

    @Test
    void keepsADelayedMessageInItsTopicWithItsDelayProperty() {
        MessageDraft draft = new MessageDraft().topic("T").queueId(2).properties("DELAY\u00013\u0002");

        MessageDraft routed = routing.route(draft);

        assertThat(routed.topic()).isEqualTo("T");
        assertThat(routed.queueId()).isEqualTo(2);
        assertThat(routed.properties()).isEqualTo("DELAY\u00013\u0002");
    }

    @Test
    void recognisesDelayAndHalfMessages() {
        assertThat(SpecialMessageRouting.isDelayed("DELAY\u00011\u0002")).isTrue();
        assertThat(SpecialMessageRouting.isDelayed("DELAY\u00010\u0002")).isFalse();
        assertThat(SpecialMessageRouting.isDelayed("DELAY\u0001x\u0002")).isFalse();
        assertThat(SpecialMessageRouting.isDelayed("")).isFalse();
        assertThat(SpecialMessageRouting.isHalfMessage("TRAN_MSG\u0001true\u0002", 0)).isTrue();
        assertThat(SpecialMessageRouting.isHalfMessage("", SysFlag.TRANSACTION_PREPARED_TYPE)).isTrue();
        assertThat(SpecialMessageRouting.isHalfMessage("TRAN_MSG\u0001false\u0002", 0)).isFalse();
    }
}
