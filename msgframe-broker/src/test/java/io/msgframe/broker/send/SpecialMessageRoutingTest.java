package io.msgframe.broker.send;

import io.msgframe.broker.schedule.DelayLevels;
import io.msgframe.broker.schedule.ScheduleRouting;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.protocol.remoting.ProtocolException;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecialMessageRoutingTest {
    private final SpecialMessageRouting routing = new SpecialMessageRouting(
            new ScheduleRouting(DelayLevels.parse("1s 2s 3s 4s"), Long.MAX_VALUE / 4, Clock.systemUTC()));

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
    void parksADelayedMessageInItsLevelsScheduleQueueWithItsRealTopicAndQueue() {
        MessageDraft draft = new MessageDraft().topic("T").queueId(2).properties("DELAY\u00013\u0002");

        MessageDraft routed = routing.route(draft);

        assertThat(routed.topic()).isEqualTo("SCHEDULE_TOPIC_XXXX");
        assertThat(routed.queueId()).isEqualTo(2);
        assertThat(routed.properties()).contains("DELAY\u00013", "REAL_TOPIC\u0001T", "REAL_QID\u00012");
    }

    @Test
    void refusesATimedMessageRatherThanDeliveringItEarly() {
        MessageDraft draft = new MessageDraft().topic("T").queueId(0).properties("TIMER_DELAY_SEC\u000110\u0002");

        assertThatThrownBy(() -> routing.route(draft)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not supported");
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
