package io.msgframe.broker.send;

import io.msgframe.protocol.body.SubscriptionGroupConfig;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryLimitTest {
    private static final SubscriptionGroupConfig GROUP = SubscriptionGroupConfig.defaults("g"); // retryMaxTimes 16

    private static SendMessageRequestHeader retry(int reconsumeTimes, Integer maxReconsumeTimes) {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .ext("b", "%RETRY%g").ext("e", "0").ext("j", reconsumeTimes).ext("l", maxReconsumeTimes);
        return SendMessageRequestHeader.parse(request);
    }

    @Test
    void headerLimitWinsAndIsReachedAtEquality() {
        assertThat(SendTargetResolver.exhaustedRetries(retry(2, 3), GROUP)).isFalse();
        assertThat(SendTargetResolver.exhaustedRetries(retry(3, 3), GROUP)).isTrue();
        assertThat(SendTargetResolver.exhaustedRetries(retry(4, 3), GROUP)).isTrue();
    }

    @Test
    void groupLimitAppliesWithoutAHeaderLimit() {
        assertThat(SendTargetResolver.exhaustedRetries(retry(15, null), GROUP)).isFalse();
        assertThat(SendTargetResolver.exhaustedRetries(retry(16, null), GROUP)).isTrue();
    }
}
