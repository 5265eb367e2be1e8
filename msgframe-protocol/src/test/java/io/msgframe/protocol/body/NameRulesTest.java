package io.msgframe.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names and flag bits of reference §6.5–6.9. */
class NameRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"TopicTest", "a", "%RETRY%g1", "%DLQ%g1", "ns%Topic", "a|b", "A-b_9", "TBW102"})
    void validTopicsPass(String topic) {
        assertThat(NameValidator.topicProblem(topic)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a.b", "a/b", "a:b", "a*b", "a#b", "tópico", "a\tb", "{}"})
    void topicsWithOtherCharactersAreRejectedNamingTheRule(String topic) {
        assertThat(NameValidator.topicProblem(topic)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$"));
    }

    @Test
    void blankNamesAreRejected() {
        assertThat(NameValidator.topicProblem(null)).contains("The specified topic is blank.");
        assertThat(NameValidator.topicProblem("  ")).contains("The specified topic is blank.");
        assertThat(NameValidator.groupProblem("")).contains("The specified group is blank.");
    }

    @Test
    void topicLengthIsLimitedTo127ButRetryAndDlqTopicsTo255() {
        assertThat(NameValidator.topicProblem("t".repeat(127))).isEmpty();
        assertThat(NameValidator.topicProblem("t".repeat(128))).hasValueSatisfying(problem -> assertThat(problem)
                .contains("128 characters long, longer than the max length 127"));
        assertThat(NameValidator.topicProblem(TopicNames.retryTopic("g".repeat(248)))).isEmpty();
        assertThat(NameValidator.topicProblem(TopicNames.dlqTopic("g".repeat(250)))).isEmpty();
        assertThat(NameValidator.topicProblem(TopicNames.retryTopic("g".repeat(249))))
                .hasValueSatisfying(problem -> assertThat(problem).contains("retry or DLQ topic")
                        .contains("max length 255"));
    }

    @Test
    void groupLengthIsLimitedTo120() {
        assertThat(NameValidator.groupProblem("g".repeat(120))).isEmpty();
        assertThat(NameValidator.groupProblem("g".repeat(121))).hasValueSatisfying(problem -> assertThat(problem)
                .contains("121 characters long, longer than the max length 120"));
        assertThat(NameValidator.groupProblem("g.1")).isPresent();
    }

    @Test
    void requireValidNameThrowsInvalidParameter() {
        assertThatThrownBy(() -> NameValidator.requireValidTopic("bad topic"))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.responseCode()).isEqualTo(ResponseCode.INVALID_PARAMETER))
                .hasMessageContaining("bad topic");
        NameValidator.requireValidGroup("good_group");
    }

    @Test
    void retryAndDlqNamesMapToTheirGroup() {
        assertThat(TopicNames.retryTopic("g1")).isEqualTo("%RETRY%g1");
        assertThat(TopicNames.dlqTopic("g1")).isEqualTo("%DLQ%g1");
        assertThat(TopicNames.groupOf("%RETRY%g1")).isEqualTo("g1");
        assertThat(TopicNames.groupOf("%DLQ%g1")).isEqualTo("g1");
        assertThat(TopicNames.groupOf("TopicTest")).isNull();
        assertThat(TopicNames.replyTopic("DefaultCluster")).isEqualTo("DefaultCluster_REPLY_TOPIC");
    }

    @Test
    void systemTopicsAndReservedGroupsAreRecognised() {
        assertThat(TopicNames.isSystemTopic("TBW102")).isTrue();
        assertThat(TopicNames.isSystemTopic("SCHEDULE_TOPIC_XXXX")).isTrue();
        assertThat(TopicNames.isSystemTopic("rmq_sys_wheel_timer")).isTrue();
        assertThat(TopicNames.isSystemTopic("TopicTest")).isFalse();
        assertThat(TopicNames.isNotSendable(TopicNames.TRANS_HALF_TOPIC)).isTrue();
        assertThat(TopicNames.isNotSendable(TopicNames.DEFAULT_TOPIC)).isFalse();
        assertThat(GroupNames.isReserved("CLIENT_INNER_PRODUCER")).isTrue();
        assertThat(GroupNames.isReserved("CID_RMQ_SYS_ANY")).isTrue();
        assertThat(GroupNames.isReserved("g1")).isFalse();
    }

    @Test
    void permissionBits() {
        assertThat(PermName.READ_WRITE).isEqualTo(6);
        assertThat(PermName.isReadable(4)).isTrue();
        assertThat(PermName.isWriteable(4)).isFalse();
        assertThat(PermName.isInherited(7)).isTrue();
        assertThat(PermName.withoutWrite(6)).isEqualTo(4);
        assertThat(PermName.withoutInherit(7)).isEqualTo(6);
        assertThat(PermName.isValid(7)).isTrue();
        assertThat(PermName.isValid(8)).isFalse();
        assertThat(PermName.isValid(-1)).isFalse();
        assertThat(PermName.toDisplayString(6)).isEqualTo("RW-");
        assertThat(PermName.toDisplayString(7)).isEqualTo("RWX");
        assertThat(PermName.toDisplayString(0)).isEqualTo("---");
    }

    @Test
    void topicSysFlagBits() {
        assertThat(TopicSysFlag.of(true, true)).isEqualTo(3);
        assertThat(TopicSysFlag.of(false, false)).isZero();
        assertThat(TopicSysFlag.isUnit(TopicSysFlag.withUnit(0))).isTrue();
        assertThat(TopicSysFlag.hasUnitSub(TopicSysFlag.withUnitSub(1))).isTrue();
        assertThat(TopicSysFlag.withoutUnit(3)).isEqualTo(2);
        assertThat(TopicSysFlag.withoutUnitSub(3)).isEqualTo(1);
    }
}
