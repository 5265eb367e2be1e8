package io.msgframe.broker.pull;

import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.store.read.MessageFilter;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PullSubscriptionsTest {
    private static final PullSubscriptions.Registered NONE = (group, topic) -> null;

    private static PullMessageRequestHeader header(int sysFlag, String expression, String type, long subVersion) {
        return new PullMessageRequestHeader("cg", "T", 0, 0, 32, sysFlag, 0, 15_000, expression, subVersion, type,
                null);
    }

    @Test
    void requestExpressionIsSplitOnDoubleBarsWithHashCodes() {
        SubscriptionData data = PullSubscriptions.resolve(
                header(PullSysFlag.SUBSCRIPTION | PullSysFlag.SUSPEND, " TagA || TagB ||", "TAG", 0), NONE);

        assertThat(data.tagsSet()).containsExactly("TagA", "TagB");
        assertThat(data.codeSet()).containsExactly("TagA".hashCode(), "TagB".hashCode());
        assertThat(data.subscribesAll()).isFalse();
    }

    @Test
    void starNullAndEmptyExpressionsSubscribeToAll() {
        for (String expression : new String[] {"*", "", null}) {
            SubscriptionData data = PullSubscriptions.resolve(header(PullSysFlag.SUBSCRIPTION, expression, null, 0),
                    NONE);
            assertThat(data.subscribesAll()).as("expression %s", expression).isTrue();
            assertThat(TagCodeFilter.of(data)).isSameAs(MessageFilter.ALL);
        }
    }

    @Test
    void withoutTheBitTheRegisteredSubscriptionIsUsed() {
        SubscriptionData registered = SubscriptionData.ofTags("T", "TagC", 100);

        SubscriptionData data = PullSubscriptions.resolve(header(PullSysFlag.SUSPEND, "TagA", "TAG", 100),
                (group, topic) -> group.equals("cg") && topic.equals("T") ? registered : null);

        assertThat(data).isSameAs(registered);
    }

    @Test
    void missingRegisteredSubscriptionIsSubscriptionNotExist() {
        assertThatThrownBy(() -> PullSubscriptions.resolve(header(PullSysFlag.SUSPEND, null, null, 0), NONE))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).responseCode())
                        .isEqualTo(ResponseCode.SUBSCRIPTION_NOT_EXIST));
    }

    @Test
    void olderRegisteredSubscriptionIsNotLatest() {
        SubscriptionData registered = SubscriptionData.ofTags("T", "*", 100);

        assertThatThrownBy(() -> PullSubscriptions.resolve(header(PullSysFlag.SUSPEND, null, null, 101),
                (group, topic) -> registered))
                .satisfies(e -> assertThat(((ProtocolException) e).responseCode())
                        .isEqualTo(ResponseCode.SUBSCRIPTION_NOT_LATEST));
    }

    @Test
    void sql92IsRefusedWithSystemErrorFromRequestOrRegistry() {
        SubscriptionData registeredSql = new SubscriptionData("T", "a > 1", Set.of(), Set.of(), 1, "SQL92", false);

        assertThatThrownBy(() -> PullSubscriptions.resolve(header(PullSysFlag.SUBSCRIPTION, "a > 1", "SQL92", 0),
                NONE))
                .hasMessage("The broker does not support consumer to filter message by SQL92")
                .satisfies(e -> assertThat(((ProtocolException) e).responseCode())
                        .isEqualTo(ResponseCode.SYSTEM_ERROR));
        assertThatThrownBy(() -> PullSubscriptions.resolve(header(0, null, null, 0), (g, t) -> registeredSql))
                .satisfies(e -> assertThat(((ProtocolException) e).responseCode())
                        .isEqualTo(ResponseCode.SYSTEM_ERROR));
    }

    @Test
    void tagFilterMatchesTheTagsHashCodesOnly() {
        MessageFilter filter = TagCodeFilter.of(SubscriptionData.ofTags("T", "TagA||TagB", 0));

        assertThat(filter.matchesTagsCode("TagA".hashCode())).isTrue();
        assertThat(filter.matchesTagsCode("TagB".hashCode())).isTrue();
        assertThat(filter.matchesTagsCode("TagC".hashCode())).isFalse();
        assertThat(filter.matchesTagsCode(0)).as("a message without tag").isFalse();
    }

    @Test
    void tagFilterMatchesNegativeHashCodes() {
        String tag = "negative-hash-tag";
        assertThat(tag.hashCode()).isNegative();

        MessageFilter filter = TagCodeFilter.of(SubscriptionData.ofTags("T", tag, 0));

        assertThat(filter.matchesTagsCode((long) tag.hashCode())).isTrue();
    }
}
