package io.msgframe.broker.pull;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PullRequestHoldServiceTest {
    private final Map<String, Long> maxOffsets = new ConcurrentHashMap<>();
    private final AtomicLong fakeNanos = new AtomicLong(1_000_000_000L);
    private final List<HeldPullRequest> resumed = new CopyOnWriteArrayList<>();
    private PullRequestHoldService service;

    private long maxOffset(String topic, int queueId) {
        return maxOffsets.getOrDefault(topic + "/" + queueId, 0L);
    }

    private PullRequestHoldService fakeClockService() {
        service = new PullRequestHoldService(this::maxOffset, fakeNanos::get, 1_000);
        return service;
    }

    private PullRequestHoldService realClockService() {
        service = new PullRequestHoldService(this::maxOffset, System::nanoTime, 1_000);
        service.start();
        return service;
    }

    private HeldPullRequest hold(PullRequestHoldService holds, FakeChannel channel, String topic, int queueId,
                                 long offset, long holdMillis) {
        return holds.suspend(channel, RemotingCommand.request(RequestCode.PULL_MESSAGE), topic, queueId, offset,
                holdMillis, resumed::add);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.shutdown();
        }
    }

    @Test
    void arrivalOnTheQueueResumesTheHeldPullAtOnce() {
        PullRequestHoldService holds = fakeClockService();
        maxOffsets.put("T/1", 5L);
        HeldPullRequest held = hold(holds, new FakeChannel(), "T", 1, 5, 15_000);
        assertThat(resumed).isEmpty();
        assertThat(holds.heldCount()).isEqualTo(1);

        holds.notifyMessageArriving("T", 1, 6);

        assertThat(resumed).containsExactly(held);
        assertThat(holds.heldCount()).isZero();
    }

    @Test
    void arrivalElsewhereOrNotPastTheOffsetKeepsItHeld() {
        PullRequestHoldService holds = fakeClockService();
        maxOffsets.put("T/1", 5L);
        hold(holds, new FakeChannel(), "T", 1, 5, 15_000);

        holds.notifyMessageArriving("T", 2, 6);
        holds.notifyMessageArriving("U", 1, 6);
        holds.notifyMessageArriving("T", 1, 5);

        assertThat(resumed).isEmpty();
        assertThat(holds.heldCount()).isEqualTo(1);
    }

    @Test
    void arrivalWakesEveryPullWaitingBelowTheNewEndOnly() {
        PullRequestHoldService holds = fakeClockService();
        maxOffsets.put("T/0", 3L);
        HeldPullRequest atThree = hold(holds, new FakeChannel(), "T", 0, 3, 15_000);
        HeldPullRequest atThreeToo = hold(holds, new FakeChannel(), "T", 0, 3, 15_000);
        HeldPullRequest ahead = hold(holds, new FakeChannel(), "T", 0, 9, 15_000); // past the end: moved later

        holds.notifyMessageArriving("T", 0, 4);

        assertThat(resumed).containsExactlyInAnyOrder(atThree, atThreeToo);
        assertThat(resumed).doesNotContain(ahead);
    }

    @Test
    void holdEndsAtItsDeadline() {
        PullRequestHoldService holds = fakeClockService();
        HeldPullRequest held = hold(holds, new FakeChannel(), "T", 0, 0, 1_000);

        fakeNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        holds.checkHeldRequests();
        assertThat(resumed).isEmpty();

        fakeNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        long earliest = holds.checkHeldRequests();

        assertThat(resumed).containsExactly(held);
        assertThat(earliest).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void checkReportsTheEarliestRemainingDeadline() {
        PullRequestHoldService holds = fakeClockService();
        hold(holds, new FakeChannel(), "T", 0, 0, 5_000);
        HeldPullRequest sooner = hold(holds, new FakeChannel(), "U", 0, 0, 2_000);

        assertThat(holds.checkHeldRequests()).isEqualTo(sooner.deadlineNanos());
    }

    @Test
    void periodicCheckReleasesAPullWhoseQueueGrewWithoutNotification() {
        PullRequestHoldService holds = fakeClockService();
        HeldPullRequest held = hold(holds, new FakeChannel(), "T", 0, 0, 15_000);

        maxOffsets.put("T/0", 1L);
        holds.checkHeldRequests();

        assertThat(resumed).containsExactly(held);
    }

    @Test
    void messageArrivedBeforeRegistrationResumesAtOnce() {
        PullRequestHoldService holds = fakeClockService();
        maxOffsets.put("T/0", 8L); // the pull read at 7 found nothing, then message 7 arrived

        HeldPullRequest held = hold(holds, new FakeChannel(), "T", 0, 7, 15_000);

        assertThat(resumed).containsExactly(held);
        assertThat(holds.heldCount()).isZero();
    }

    @Test
    void pullOfAClosedConnectionIsDroppedNotAnswered() {
        PullRequestHoldService holds = fakeClockService();
        FakeChannel channel = new FakeChannel();
        hold(holds, channel, "T", 0, 0, 1_000);
        channel.close();

        holds.notifyMessageArriving("T", 0, 1);

        assertThat(resumed).isEmpty();
        assertThat(holds.heldCount()).isZero();
    }

    @Test
    void periodicCheckDropsPullsOfClosedConnections() {
        PullRequestHoldService holds = fakeClockService();
        FakeChannel closed = new FakeChannel();
        FakeChannel open = new FakeChannel();
        hold(holds, closed, "T", 0, 0, 15_000);
        hold(holds, open, "T", 0, 0, 15_000);
        closed.close();

        holds.checkHeldRequests();

        assertThat(resumed).isEmpty();
        assertThat(holds.heldCount()).isEqualTo(1);
    }

    @Test
    void channelClosedNotificationDropsItsPulls() {
        PullRequestHoldService holds = fakeClockService();
        FakeChannel channel = new FakeChannel();
        hold(holds, channel, "T", 0, 0, 15_000);
        hold(holds, channel, "U", 3, 0, 15_000);
        HeldPullRequest other = hold(holds, new FakeChannel(), "T", 0, 0, 15_000);

        holds.onChannelClosed(channel);
        holds.notifyMessageArriving("T", 0, 1);
        holds.notifyMessageArriving("U", 3, 1);

        assertThat(resumed).containsExactly(other);
        assertThat(holds.heldCount()).isZero();
    }

    @Test
    void holdThreadEndsAShortHoldOnTimeNotAtTheNextSecond() throws InterruptedException {
        PullRequestHoldService holds = realClockService();
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        holds.suspend(new FakeChannel(), RemotingCommand.request(RequestCode.PULL_MESSAGE), "T", 0, 0, 150,
                held -> done.countDown());

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMs).isBetween(140L, 900L);
    }

    @Test
    void runningServiceWakesOnArrivalWithinMilliseconds() throws InterruptedException {
        PullRequestHoldService holds = realClockService();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong resumedAt = new AtomicLong();
        holds.suspend(new FakeChannel(), RemotingCommand.request(RequestCode.PULL_MESSAGE), "T", 0, 0, 15_000,
                held -> {
                    resumedAt.set(System.nanoTime());
                    done.countDown();
                });

        long notifiedAt = System.nanoTime();
        holds.notifyMessageArriving("T", 0, 1);

        assertThat(done.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(resumedAt.get() - notifiedAt)).isLessThan(5);
    }

    @Test
    void shutdownAnswersWhatIsStillHeld() {
        PullRequestHoldService holds = realClockService();
        HeldPullRequest held = hold(holds, new FakeChannel(), "T", 0, 0, 15_000);

        holds.shutdown();

        assertThat(resumed).containsExactly(held);
        assertThat(holds.heldCount()).isZero();
    }
}
