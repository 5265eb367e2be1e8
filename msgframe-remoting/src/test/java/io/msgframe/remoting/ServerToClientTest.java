package io.msgframe.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerToClientTest {
    private final RemotingFixture fixture = new RemotingFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void serverInvokesAProcessorTheClientRegisteredOverTheClientsConnection() {
        fixture.client.registerProcessor(RequestCode.GET_CONSUMER_RUNNING_INFO, (channel, request) ->
                RemotingCommand.success(request).remark("running: " + request.ext("consumerGroup")),
                fixture.executor("client", 1, 100));
        fixture.server.registerProcessor(RequestCode.HEART_BEAT, (channel, request) -> {
            RemotingCommand ask = RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO)
                    .ext("consumerGroup", "cg");
            RemotingCommand answer = channel.invoke(ask, 3_000).get(5, TimeUnit.SECONDS);
            return RemotingCommand.success(request).remark("client said " + answer.remark());
        }, fixture.executor());

        RemotingCommand response = fixture.client.invokeSync(fixture.addr(),
                RemotingCommand.request(RequestCode.HEART_BEAT), 5_000);

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.remark()).isEqualTo("client said running: cg");
        assertThat(fixture.server.connectionCount()).isEqualTo(1);
    }

    @Test
    void serverOnewayReachesTheClientAndUnknownCodesAreAnswered() throws Exception {
        CompletableFuture<RemotingCommand> notified = new CompletableFuture<>();
        fixture.client.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (channel, request) -> {
            notified.complete(request);
            return null;
        }, fixture.executor("client", 1, 100));
        CompletableFuture<RemotingChannel> clientChannel = new CompletableFuture<>();
        fixture.server.registerProcessor(RequestCode.HEART_BEAT, (channel, request) -> {
            clientChannel.complete(channel);
            return RemotingCommand.success(request);
        }, fixture.executor());
        fixture.client.invokeSync(fixture.addr(), RemotingCommand.request(RequestCode.HEART_BEAT), 3_000);
        RemotingChannel channel = clientChannel.get(5, TimeUnit.SECONDS);

        channel.invokeOneway(RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED).ext("g", "cg"));
        RemotingCommand unknown = channel.invoke(RemotingCommand.request(7777), 3_000).get(5, TimeUnit.SECONDS);

        assertThat(notified.get(5, TimeUnit.SECONDS).ext("g")).isEqualTo("cg");
        assertThat(unknown.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(channel.remoteAddress()).startsWith("127.0.0.1:");
        assertThat(channel.localSocketAddress().getPort()).isEqualTo(fixture.server.port());
    }

    @Test
    void serverInvocationFailsWhenTheClientGoesAway() throws Exception {
        fixture.client.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, (channel, request) -> null,
                fixture.executor("client", 1, 100));
        CompletableFuture<RemotingChannel> clientChannel = new CompletableFuture<>();
        fixture.server.registerProcessor(RequestCode.HEART_BEAT, (channel, request) -> {
            clientChannel.complete(channel);
            return RemotingCommand.success(request);
        }, fixture.executor());
        fixture.client.invokeSync(fixture.addr(), RemotingCommand.request(RequestCode.HEART_BEAT), 3_000);
        RemotingChannel channel = clientChannel.get(5, TimeUnit.SECONDS);
        CompletableFuture<RemotingCommand> pending = channel.invoke(
                RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE), 30_000);

        fixture.client.shutdown();

        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RemotingChannelClosedException.class).hasMessageContaining("request code 39");
        assertThat(channel.isActive()).isFalse();
    }
}
