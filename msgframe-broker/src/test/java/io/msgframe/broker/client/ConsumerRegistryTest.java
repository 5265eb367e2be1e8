package io.msgframe.broker.client;

import io.msgframe.broker.BrokerConfig;
import io.msgframe.broker.RecordingChannel;
import io.msgframe.broker.TestClock;
import io.msgframe.broker.group.SubscriptionGroupTable;
import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.ConsumeType;
import io.msgframe.protocol.body.ConsumerData;
import io.msgframe.protocol.body.MessageModel;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.body.SubscriptionGroupConfig;
import io.msgframe.protocol.remoting.LanguageCode;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.remoting.RemotingChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerRegistryTest {
    private record Change(String group, List<RemotingChannel> members) {
    }

    private final TestClock clock = new TestClock(1_000_000);
    private final List<Change> changes = new ArrayList<>();
    private final ConsumerRegistry registry = new ConsumerRegistry(clock,
            (group, members) -> changes.add(new Change(group, members)));
    private final RecordingChannel a = new RecordingChannel(40001);
    private final RecordingChannel b = new RecordingChannel(40002);

    private static ConsumerData data(String group, SubscriptionData... subscriptions) {
        return new ConsumerData(group, ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET, Set.of(subscriptions), false);
    }

    private boolean register(RemotingChannel channel, String clientId, SubscriptionData... subscriptions) {
        return registry.register("g", channel, data("g", subscriptions), clientId, LanguageCode.JAVA, 409);
    }

    @Test
    void firstHeartbeatOfAConnectionChangesMembershipAndLaterOnesDoNot() {
        SubscriptionData sub = SubscriptionData.ofTags("T", "*", 1);
        assertThat(register(a, "c1", sub)).isTrue();
        assertThat(register(a, "c1", sub)).isFalse();
        assertThat(changes).hasSize(1);
        assertThat(registry.clientIds("g")).containsExactly("c1");
        assertThat(registry.subscription("g", "T")).isEqualTo(sub);
        assertThat(registry.subscription("g", "U")).isNull();
        ConsumerGroupInfo info = registry.group("g");
        assertThat(info.messageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(info.members().get(0).version()).isEqualTo(409);
    }

    @Test
    void aNewMemberIsAnnouncedToTheWholeGroup() {
        register(a, "c1");
        register(b, "c2");
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).members()).containsExactly(a, b);
        assertThat(registry.clientIds("g")).containsExactly("c1", "c2");
    }

    @Test
    void leavingIsAnnouncedToTheRemainingMembers() {
        register(a, "c1");
        register(b, "c2");
        changes.clear();
        registry.unregister("g", "c1");
        assertThat(changes).containsExactly(new Change("g", List.of(b)));
        registry.channelClosed(b);
        assertThat(changes).hasSize(1).as("nobody left to tell");
        assertThat(registry.group("g")).isNull();
        assertThat(registry.clientIds("g")).isEmpty();
    }

    @Test
    void subscriptionsFollowTheLatestFullHeartbeat() {
        register(a, "c1", SubscriptionData.ofTags("T", "A", 5), SubscriptionData.ofTags("U", "*", 5));
        changes.clear();
        register(a, "c1", SubscriptionData.ofTags("T", "B", 4), SubscriptionData.ofTags("U", "*", 5));
        assertThat(registry.subscription("g", "T").subString()).as("an older subVersion does not replace")
                .isEqualTo("A");
        register(a, "c1", SubscriptionData.ofTags("T", "B", 6));
        assertThat(registry.subscription("g", "T").subString()).isEqualTo("B");
        assertThat(registry.subscription("g", "U")).as("a topic no longer listed is dropped").isNull();
        assertThat(changes).as("dropping a topic is a change the group hears of").hasSize(1);
        assertThat(registry.groupsSubscribing("T")).containsExactly("g");

        registry.register("g", a, data("g"), "c1", LanguageCode.JAVA, 479, 42, false);
        assertThat(registry.subscription("g", "T")).as("a heartbeat without subscriptions keeps them").isNotNull();
    }

    @Test
    void twoOpenConnectionsWithOneClientIdAreWarnedAboutAndRemembered() {
        register(a, "same@id");
        register(b, "same@id");
        assertThat(registry.duplicateClientIds()).containsEntry("g", Set.of("same@id"));
        assertThat(registry.clientIds("g")).containsExactly("same@id", "same@id");
    }

    @Test
    void aReconnectIsNotADuplicate() {
        register(a, "c1");
        a.close(); // its close event has not been processed yet
        register(b, "c1");
        assertThat(registry.duplicateClientIds()).isEmpty();
        assertThat(registry.clientIds("g")).containsExactly("c1");
    }

    @Test
    void membersWithoutHeartbeatExpireAndTheirConnectionsClose() {
        register(a, "c1");
        clock.advanceMs(60_000);
        register(b, "c2");
        clock.advanceMs(60_000);
        assertThat(registry.removeIdle(120_000)).as("exactly 120 s: still live").isEqualTo(0);
        clock.advanceMs(1);
        assertThat(registry.removeIdle(120_000)).isEqualTo(1);
        assertThat(a.isActive()).isFalse();
        assertThat(registry.clientIds("g")).containsExactly("c2");
    }

    @Test
    void theNotifierSendsOneOnewayNotificationPerMember(@TempDir Path dir) {
        SubscriptionGroupTable groups = new SubscriptionGroupTable(dir.resolve("groups.json"),
                BrokerConfig.defaults(), clock);
        groups.load();
        ConsumerRegistry notifying = new ConsumerRegistry(clock, new ConsumerIdsChangeNotifier(groups));
        notifying.register("g", a, data("g"), "c1", LanguageCode.JAVA, 409);
        notifying.register("g", b, data("g"), "c2", LanguageCode.JAVA, 409);

        assertThat(a.oneways()).hasSize(2);
        assertThat(b.oneways()).hasSize(1);
        RemotingCommand notify = b.oneways().get(0);
        assertThat(notify.code()).isEqualTo(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
        assertThat(notify.isOneway()).isTrue();
        assertThat(notify.ext("consumerGroup")).isEqualTo("g");

        SubscriptionGroupConfig quiet = SubscriptionGroupConfig.defaults("q");
        groups.update(new SubscriptionGroupConfig("q", true, true, true, false, 1, 16, 0, 1, false, 0, 15, Map.of()));
        notifying.register("q", a, data("q"), "c1", LanguageCode.JAVA, 409);
        assertThat(a.oneways()).as("notifyConsumerIdsChangedEnable=false").hasSize(2);
        assertThat(quiet.notifyConsumerIdsChangedEnable()).isTrue();
    }
}
