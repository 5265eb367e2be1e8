package io.msgframe.broker.pull;

import io.msgframe.broker.BrokerConfig;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PullMessageRequestHeaderTest {

    static RemotingCommand litePull() {
        return RemotingCommand.request(RequestCode.LITE_PULL_MESSAGE)
                .ext("consumerGroup", "cg").ext("topic", "T").ext("queueId", "2").ext("queueOffset", "40")
                .ext("maxMsgNums", "10").ext("sysFlag", "22").ext("commitOffset", "0")
                .ext("suspendTimeoutMillis", "20000").ext("subscription", "TagA || TagB").ext("subVersion", "0")
                .ext("expressionType", "TAG").ext("ReqT", "0").ext("bname", "broker-a");
    }

    @Test
    void readsEveryField() {
        PullMessageRequestHeader header = PullMessageRequestHeader.parse(litePull().ext("maxMsgBytes", "262144"));

        assertThat(header.consumerGroup()).isEqualTo("cg");
        assertThat(header.topic()).isEqualTo("T");
        assertThat(header.queueId()).isEqualTo(2);
        assertThat(header.queueOffset()).isEqualTo(40);
        assertThat(header.maxMsgNums()).isEqualTo(10);
        assertThat(header.sysFlag()).isEqualTo(0x16);
        assertThat(header.commitOffset()).isZero();
        assertThat(header.suspendTimeoutMillis()).isEqualTo(20_000);
        assertThat(header.subscription()).isEqualTo("TagA || TagB");
        assertThat(header.subVersion()).isZero();
        assertThat(header.expressionType()).isEqualTo("TAG");
        assertThat(header.maxMsgBytes()).isEqualTo(262_144);
    }

    @Test
    void sysFlagBitsOfALitePull() {
        PullMessageRequestHeader header = PullMessageRequestHeader.parse(litePull());

        assertThat(header.hasSuspend()).isTrue();
        assertThat(header.hasSubscription()).isTrue();
        assertThat(header.hasCommitOffset()).isFalse();
        assertThat(PullSysFlag.hasLitePull(header.sysFlag())).isTrue();
        assertThat(PullSysFlag.hasClassFilter(header.sysFlag())).isFalse();
    }

    @Test
    void sysFlagBitsOfAPushPullWithCommit() {
        assertThat(PullSysFlag.hasCommitOffset(0x3)).isTrue();
        assertThat(PullSysFlag.hasSuspend(0x3)).isTrue();
        assertThat(PullSysFlag.hasSubscription(0x3)).isFalse();
    }

    @Test
    void missingRequiredFieldIsNamed() {
        RemotingCommand request = litePull();
        request.extFields().remove("queueOffset");

        assertThatThrownBy(() -> PullMessageRequestHeader.parse(request))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("queueOffset");
    }

    @Test
    void holdTimeIsTheShorterOfClientAndBrokerOrOneSecondWithoutLongPolling() {
        BrokerConfig defaults = BrokerConfig.defaults(); // 15 s
        BrokerConfig shortPolling = BrokerConfig.parse(Map.of("longPollingEnable", "false"));
        PullMessageRequestHeader lite = PullMessageRequestHeader.parse(litePull()); // asks 20 s
        PullMessageRequestHeader none = PullMessageRequestHeader.parse(litePull().ext("suspendTimeoutMillis", "0"));
        PullMessageRequestHeader quick = PullMessageRequestHeader.parse(litePull().ext("suspendTimeoutMillis", "500"));

        assertThat(PullMessageProcessor.holdMillis(lite, defaults)).isEqualTo(15_000);
        assertThat(PullMessageProcessor.holdMillis(none, defaults)).isEqualTo(15_000);
        assertThat(PullMessageProcessor.holdMillis(quick, defaults)).isEqualTo(500);
        assertThat(PullMessageProcessor.holdMillis(lite, shortPolling)).isEqualTo(1_000);
    }
}
