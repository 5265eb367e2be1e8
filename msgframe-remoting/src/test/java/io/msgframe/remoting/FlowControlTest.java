package io.msgframe.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlowControlTest {
    private final RemotingFixture fixture = new RemotingFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void saturatedExecutorAnswersSystemBusyAndLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger processed = new AtomicInteger();
        fixture.server.registerProcessor(RequestCode.SEND_MESSAGE, (channel, request) -> {
            release.await(10, TimeUnit.SECONDS);
            processed.incrementAndGet();
            return RemotingCommand.success(request);
        }, fixture.executor("send", 1, 1));
        int requests = 200;

        List<CompletableFuture<RemotingCommand>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            futures.add(fixture.client.invokeAsync(fixture.addr(), RemotingCommand.request(RequestCode.SEND_MESSAGE),
                    15_000));
        }
        // one runs and one waits in the queue: the rest are refused at once, whatever order they arrive in
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (futures.stream().filter(CompletableFuture::isDone).count() < requests - 2
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        int busy = 0;
        for (CompletableFuture<RemotingCommand> future : futures) {
            if (future.isDone()) {
                RemotingCommand response = future.get();
                assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
                assertThat(response.remark()).isEqualTo("[REJECTREQUEST]system busy, start flow control for a while");
                busy++;
            }
        }
        release.countDown();
        int succeeded = 0;
        for (CompletableFuture<RemotingCommand> future : futures) {
            if (future.get(10, TimeUnit.SECONDS).code() == ResponseCode.SUCCESS) {
                succeeded++;
            }
        }

        assertThat(busy).isEqualTo(requests - 2);
        assertThat(succeeded).isEqualTo(2);
        assertThat(processed).hasValue(2);
        assertThat(fixture.server.rejectedRequests()).isEqualTo(requests - 2);
    }
}
