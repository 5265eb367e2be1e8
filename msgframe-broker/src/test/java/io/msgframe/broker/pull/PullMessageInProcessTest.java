package io.msgframe.broker.pull;

import io.msgframe.broker.send.InProcessBroker;
import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.ConsumeType;
import io.msgframe.protocol.body.ConsumerData;
import io.msgframe.protocol.body.HeartbeatData;
import io.msgframe.protocol.body.MessageModel;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.body.SubscriptionGroupConfig;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.msgframe.broker.send.InProcessBroker.bodyText;
import static io.msgframe.broker.send.InProcessBroker.properties;
import static io.msgframe.broker.send.InProcessBroker.pull;
import static io.msgframe.broker.send.InProcessBroker.records;
import static io.msgframe.broker.send.InProcessBroker.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

/** Pulls from a real broker over loopback: statuses, filters, offsets in the header, long polling. */
class PullMessageInProcessTest {
    @TempDir
    Path dir;
    private InProcessBroker fixture;

    @BeforeEach
    void start() {
        fixture = InProcessBroker.start(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void send(String topic, int queueId, String body, String tag) {
        RemotingCommand response = fixture.invoke(sendV2(topic, queueId, body, properties(tag, null)));
        assertThat(response.code()).as("%s", response).isEqualTo(ResponseCode.SUCCESS);
    }

    private static void assertOffsets(RemotingCommand response, long next, long min, long max) {
        assertThat(response.ext("suggestWhichBrokerId")).isEqualTo("0");
        assertThat(response.ext("nextBeginOffset")).isEqualTo(Long.toString(next));
        assertThat(response.ext("minOffset")).isEqualTo(Long.toString(min));
        assertThat(response.ext("maxOffset")).isEqualTo(Long.toString(max));
    }

    @Test
    void foundMessagesComeWithTheQueueBounds() throws InterruptedException {
        send("T", 0, "a", null);
        send("T", 0, "b", null);
        fixture.awaitDispatched();

        RemotingCommand response = fixture.invoke(pull("cg", "T", 0, 1, "*", 0));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.remark()).isEqualTo("FOUND");
        assertOffsets(response, 2, 0, 2);
        List<MessageRecord> records = records(response.body());
        assertThat(records).hasSize(1);
        assertThat(records.get(0).queueOffset()).isEqualTo(1);
        assertThat(bodyText(records.get(0))).isEqualTo("b");
    }

    @Test
    void litePullCodeIsAnsweredLikePull() throws InterruptedException {
        send("T", 0, "a", null);
        fixture.awaitDispatched();

        RemotingCommand response = fixture.invoke(pull("cg", "T", 0, 0, "*", 0).code(RequestCode.LITE_PULL_MESSAGE));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(records(response.body())).extracting(InProcessBroker::bodyText).containsExactly("a");
    }

    @Test
    void tagFilterServesMatchingMessagesAndSkipsTheRest() throws InterruptedException {
        send("T", 0, "a", "TagA");
        send("T", 0, "b", "TagB");
        send("T", 0, "c", "TagA");
        fixture.awaitDispatched();

        RemotingCommand onlyB = fixture.invoke(pull("cg", "T", 0, 0, "TagB || TagX", 0));
        RemotingCommand none = fixture.invoke(pull("cg", "T", 0, 0, "TagC", 0));

        assertThat(onlyB.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(records(onlyB.body())).extracting(InProcessBroker::bodyText).containsExactly("b");
        assertThat(none.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertOffsets(none, 3, 0, 3);
    }

    @Test
    void offsetStatusesFollowTheReference() throws InterruptedException {
        send("T", 0, "a", null);
        fixture.awaitDispatched();

        RemotingCommand caughtUp = fixture.invoke(pull("cg", "T", 0, 1, "*", 0));
        RemotingCommand beyond = fixture.invoke(pull("cg", "T", 0, 9, "*", 0));
        RemotingCommand emptyAtZero = fixture.invoke(pull("cg", "T", 2, 0, "*", 0));
        RemotingCommand emptyElsewhere = fixture.invoke(pull("cg", "T", 2, 5, "*", 0));

        assertThat(caughtUp.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertOffsets(caughtUp, 1, 0, 1);
        assertThat(beyond.code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
        assertOffsets(beyond, 1, 0, 1);
        assertThat(emptyAtZero.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertThat(emptyElsewhere.code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
        assertOffsets(emptyElsewhere, 0, 0, 0);
    }

    @Test
    void unknownTopicIsTopicNotExist() {
        RemotingCommand response = fixture.invoke(pull("cg", "NoSuchTopic", 0, 0, "*", 0));

        assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(response.remark()).startsWith("topic[NoSuchTopic] not exist");
    }

    @Test
    void queueIdPastTheTopicIsInvalid() {
        send("T", 0, "a", null);

        RemotingCommand response = fixture.invoke(pull("cg", "T", 4, 0, "*", 0));

        assertThat(response.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    }

    @Test
    void sql92IsNotSupported() {
        send("T", 0, "a", null);

        RemotingCommand response = fixture.invoke(pull("cg", "T", 0, 0, "a > 1", 0).ext("expressionType", "SQL92"));

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).isEqualTo("The broker does not support consumer to filter message by SQL92");
    }

    @Test
    void pushPullWithoutRegisteredSubscriptionIsSubscriptionNotExist() {
        send("T", 0, "a", null);

        RemotingCommand response = fixture.invoke(pull("cg", "T", 0, 0, null, 0).ext("sysFlag", PullSysFlag.SUSPEND));

        assertThat(response.code()).isEqualTo(ResponseCode.SUBSCRIPTION_NOT_EXIST);
    }

    private void heartbeat(String group, MessageModel model, String topic, String expression) {
        SubscriptionData subscription = SubscriptionData.ofTags(topic, expression, 100);
        ConsumerData consumer = new ConsumerData(group, ConsumeType.CONSUME_PASSIVELY, model,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET, Set.of(subscription), false);
        RemotingCommand response = fixture.invoke(RemotingCommand.request(RequestCode.HEART_BEAT)
                .body(RemotingJson.encode(new HeartbeatData("127.0.0.1@test", Set.of(), Set.of(consumer)))));
        assertThat(response.code()).as("%s", response).isEqualTo(ResponseCode.SUCCESS);
    }

    /** A push consumer's pull: SUSPEND (+COMMIT_OFFSET), no expression, the heartbeat's subVersion. */
    private static RemotingCommand pushPull(String group, String topic, long offset, int sysFlag, long commitOffset) {
        return pull(group, topic, 0, offset, null, 0).ext("sysFlag", sysFlag).ext("commitOffset", commitOffset)
                .ext("subVersion", 100).ext("expressionType", null);
    }

    @Test
    void pushPullUsesTheHeartbeatSubscriptionAndCommitsItsOffset() throws InterruptedException {
        send("T", 0, "a", "TagA");
        send("T", 0, "b", "TagB");
        fixture.awaitDispatched();
        heartbeat("push-group", MessageModel.CLUSTERING, "T", "TagB");

        RemotingCommand response = fixture.invoke(pushPull("push-group", "T", 0,
                PullSysFlag.COMMIT_OFFSET | PullSysFlag.SUSPEND, 1));

        assertThat(response.code()).as("%s", response).isEqualTo(ResponseCode.SUCCESS);
        assertThat(records(response.body())).extracting(InProcessBroker::bodyText).containsExactly("b");
        assertThat(fixture.broker.offsets().query("push-group", "T", 0)).isEqualTo(1);
    }

    @Test
    void pushPullWithANewerSubVersionThanRegisteredIsNotLatest() {
        send("T", 0, "a", null);
        heartbeat("push-group", MessageModel.CLUSTERING, "T", "*");

        RemotingCommand response = fixture.invoke(pushPull("push-group", "T", 0, PullSysFlag.SUSPEND, 0)
                .ext("subVersion", 101));

        assertThat(response.code()).isEqualTo(ResponseCode.SUBSCRIPTION_NOT_LATEST);
    }

    @Test
    void broadcastingGroupIsRefusedWhenItsConfigForbidsBroadcast() {
        send("T", 0, "a", null);
        fixture.broker.groups().update(new SubscriptionGroupConfig("bc-group", true, true, false, false, 1, 16, 0, 1,
                true, 0, 15, Map.of()));
        heartbeat("bc-group", MessageModel.BROADCASTING, "T", "*");

        RemotingCommand response = fixture.invoke(pushPull("bc-group", "T", 0, PullSysFlag.SUSPEND, 0));

        assertThat(response.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(response.remark()).contains("broadcast");
    }

    @Test
    void piggyBackedOffsetIsCommitted() {
        send("T", 0, "a", null);
        RemotingCommand request = pull("cg", "T", 0, 0, "*", 0)
                .ext("sysFlag", PullSysFlag.SUBSCRIPTION | PullSysFlag.COMMIT_OFFSET).ext("commitOffset", 1);

        fixture.invoke(request);

        assertThat(fixture.broker.offsets().query("cg", "T", 0)).isEqualTo(1);
    }

    @Test
    void heldPullIsAnsweredAsSoonAsAMessageArrives() throws Exception {
        send("T", 0, "first", null);
        fixture.awaitDispatched();

        CompletableFuture<RemotingCommand> held = fixture.invokeAsync(pull("cg", "T", 0, 1, "*", 10_000), 30_000);
        Thread.sleep(200);
        assertThat(held).isNotDone();
        assertThat(fixture.broker.pullRequestHoldService().heldCount()).isEqualTo(1);

        send("T", 0, "second", null);
        long sentAt = System.nanoTime();
        RemotingCommand response = held.get(5, TimeUnit.SECONDS);
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);

        assertThat(latencyMs).as("wake-up latency").isLessThan(100);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(records(response.body())).extracting(InProcessBroker::bodyText).containsExactly("second");
        assertOffsets(response, 2, 0, 2);
    }

    @Test
    void heldPullOfAQueueNeverWrittenWakesOnItsFirstMessage() throws Exception {
        send("T", 0, "elsewhere", null);
        fixture.awaitDispatched();

        CompletableFuture<RemotingCommand> held = fixture.invokeAsync(pull("cg", "T", 3, 0, "*", 10_000), 30_000);
        Thread.sleep(100);
        assertThat(held).isNotDone();
        send("T", 3, "first in 3", null);

        RemotingCommand response = held.get(5, TimeUnit.SECONDS);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(records(response.body())).extracting(InProcessBroker::bodyText).containsExactly("first in 3");
    }

    @Test
    void heldPullIsAnsweredNotFoundWhenItsHoldEnds() throws Exception {
        send("T", 0, "a", null);
        fixture.awaitDispatched();
        long start = System.nanoTime();

        RemotingCommand response = fixture.invokeAsync(pull("cg", "T", 0, 1, "*", 300), 30_000)
                .get(5, TimeUnit.SECONDS);

        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(response.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertOffsets(response, 1, 0, 1);
        assertThat(elapsedMs).isBetween(280L, 2_000L);
    }

    @Test
    void heldPullOfAClosedConnectionIsDropped() throws Exception {
        send("T", 0, "a", null);
        fixture.awaitDispatched();
        RemotingClient other = new RemotingClient(RemotingClientConfig.defaults());
        other.start();
        try {
            other.invokeAsync(fixture.addr, pull("cg", "T", 0, 1, "*", 10_000), 30_000);
            PullRequestHoldService holds = fixture.broker.pullRequestHoldService();
            awaitHeldCount(holds, 1);

            other.closeChannel(fixture.addr);

            awaitHeldCount(holds, 0);
        } finally {
            other.shutdown();
        }
    }

    private static void awaitHeldCount(PullRequestHoldService holds, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (holds.heldCount() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(holds.heldCount()).isEqualTo(expected);
    }
}
