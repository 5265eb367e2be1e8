package io.msgframe.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientInvokeTest {
    private final RemotingFixture fixture = new RemotingFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private void registerSilent(int code) {
        fixture.server.registerProcessor(code, (channel, request) -> null, fixture.executor());
    }

    @Test
    void asyncInvokeTimesOutAfterAboutTheTimeout() {
        registerSilent(RequestCode.PULL_MESSAGE);
        fixture.client.invokeSync(fixture.addr(), RemotingCommand.request(RequestCode.HEART_BEAT), 3_000); // connect
        long start = System.nanoTime();

        CompletableFuture<RemotingCommand> future = fixture.client.invokeAsync(fixture.addr(),
                RemotingCommand.request(RequestCode.PULL_MESSAGE), 300);

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RemotingTimeoutException.class)
                .hasMessage("no response from " + fixture.addr() + " to request code 11 within 300 ms");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMs).isBetween(280L, 2_000L);
    }

    @Test
    void timeoutCoversTheFirstConnectToo() {
        registerSilent(RequestCode.PULL_MESSAGE);
        long start = System.nanoTime();

        assertThatThrownBy(() -> fixture.client.invokeSync(fixture.addr(),
                RemotingCommand.request(RequestCode.PULL_MESSAGE), 300))
                .isInstanceOf(RemotingTimeoutException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(280L, 2_000L);
    }

    @Test
    void lateResponseAfterTimeoutIsDroppedAndTheConnectionStaysUsable() throws Exception {
        fixture.server.registerProcessor(RequestCode.PULL_MESSAGE, (channel, request) -> {
            Thread.sleep(400);
            return RemotingCommand.success(request);
        }, fixture.executor());
        fixture.registerEcho(RequestCode.HEART_BEAT);

        assertThatThrownBy(() -> fixture.client.invokeSync(fixture.addr(),
                RemotingCommand.request(RequestCode.PULL_MESSAGE), 100))
                .isInstanceOf(RemotingTimeoutException.class);
        Thread.sleep(500); // let the late response arrive and be dropped

        assertThat(fixture.client.invokeSync(fixture.addr(), RemotingCommand.request(RequestCode.HEART_BEAT), 3_000)
                .code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(fixture.server.connectionCount()).isEqualTo(1);
    }

    @Test
    void connectFailureNamesTheAddressAndTheCode() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        String addr = "127.0.0.1:" + closedPort;

        assertThatThrownBy(() -> fixture.client.invokeSync(addr, RemotingCommand.request(RequestCode.HEART_BEAT),
                3_000))
                .isInstanceOf(RemotingConnectException.class)
                .hasMessageStartingWith("cannot connect to " + addr + " for request code 34")
                .satisfies(e -> {
                    RemotingException remoting = (RemotingException) e;
                    assertThat(remoting.address()).isEqualTo(addr);
                    assertThat(remoting.requestCode()).isEqualTo(RequestCode.HEART_BEAT);
                });
    }

    @Test
    void malformedAddressFailsTheRequest() {
        assertThatThrownBy(() -> fixture.client.invokeSync("no-port", RemotingCommand.request(1), 1_000))
                .isInstanceOf(RemotingConnectException.class).hasMessageContaining("not host:port");
    }

    @Test
    void oneConnectionPerAddressIsReused() {
        fixture.registerEcho(RequestCode.HEART_BEAT);

        for (int i = 0; i < 20; i++) {
            fixture.client.invokeSync(fixture.addr(), RemotingCommand.request(RequestCode.HEART_BEAT), 3_000);
        }

        assertThat(fixture.server.connectionCount()).isEqualTo(1);
    }

    @Test
    void requestsAfterShutdownFailAtOnce() {
        fixture.client.shutdown();

        assertThatThrownBy(() -> fixture.client.invokeSync(fixture.addr(), RemotingCommand.request(1), 1_000))
                .isInstanceOf(RemotingSendRequestException.class).hasMessageContaining("not running");
    }
}
