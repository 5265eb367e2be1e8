package io.msgframe.broker.client;

import io.msgframe.broker.TestClock;
import io.msgframe.protocol.body.MessageQueue;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RebalanceLockTableTest {
    private final TestClock clock = new TestClock(5_000_000);
    private final RebalanceLockTable locks = new RebalanceLockTable(clock, () -> 60_000);
    private final MessageQueue q0 = new MessageQueue("T", "broker-a", 0);
    private final MessageQueue q1 = new MessageQueue("T", "broker-a", 1);

    @Test
    void aFreeQueueIsGrantedAndRefusedToOthers() {
        assertThat(locks.tryLockBatch("g", Set.of(q0, q1), "c1")).containsExactlyInAnyOrder(q0, q1);
        assertThat(locks.tryLockBatch("g", Set.of(q0), "c2")).isEmpty();
        assertThat(locks.tryLockBatch("other-group", Set.of(q0), "c2")).containsExactly(q0);
        assertThat(locks.isLockedBy("g", q0, "c1")).isTrue();
    }

    @Test
    void theHolderRefreshesItsLock() {
        locks.tryLockBatch("g", Set.of(q0), "c1");
        clock.advanceMs(50_000);
        assertThat(locks.tryLockBatch("g", Set.of(q0), "c1")).containsExactly(q0);
        clock.advanceMs(50_000);
        assertThat(locks.tryLockBatch("g", Set.of(q0), "c2")).as("refreshed 50 s ago").isEmpty();
    }

    @Test
    void aLockNotRefreshedFor60SecondsIsTakenOver() {
        locks.tryLockBatch("g", Set.of(q0), "c1");
        clock.advanceMs(60_000);
        assertThat(locks.tryLockBatch("g", Set.of(q0), "c2")).as("exactly 60 s: still live").isEmpty();
        clock.advanceMs(1);
        assertThat(locks.holder("g", q0)).isNull();
        assertThat(locks.tryLockBatch("g", Set.of(q0), "c2")).containsExactly(q0);
        assertThat(locks.holder("g", q0)).isEqualTo("c2");
    }

    @Test
    void onlyTheHolderUnlocks() {
        locks.tryLockBatch("g", Set.of(q0, q1), "c1");
        locks.unlockBatch("g", Set.of(q0), "c2");
        assertThat(locks.holder("g", q0)).isEqualTo("c1");
        locks.unlockBatch("g", Set.of(q0), "c1");
        assertThat(locks.holder("g", q0)).isNull();
        assertThat(locks.tryLockBatch("g", Set.of(q0), "c2")).containsExactly(q0);
        assertThat(locks.holder("g", q1)).isEqualTo("c1");
    }
}
