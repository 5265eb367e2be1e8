package io.msgframe.remoting.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.protocol.remoting.SerializeType;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RemotingExecutors;
import io.msgframe.remoting.RemotingServer;
import io.msgframe.remoting.RemotingServerConfig;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The official RocketMQ 4.9.8 remoting client against our server, over loopback. */
class RocketMqClientCompatibilityTest {
    private static final String PROPERTIES = "TAGS\u0001TagA\u0002UNIQ_KEY\u0001ABC\u0002";
    private RemotingServer server;
    private ExecutorService executor;
    private ExecutorService clientExecutor;
    private NettyRemotingClient client;
    private String addr;

    @BeforeEach
    void start() {
        server = new RemotingServer(RemotingServerConfig.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withIoThreads(2));
        executor = RemotingExecutors.bounded("compat", 2, 100);
        clientExecutor = RemotingExecutors.bounded("rocketmq-client", 1, 100);
        server.start();
        addr = "127.0.0.1:" + server.port();
        client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.shutdown();
        RemotingExecutors.shutdown(executor, Duration.ofSeconds(2));
        RemotingExecutors.shutdown(clientExecutor, Duration.ofSeconds(2));
    }

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand rocketRequest(int code) {
        return org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(code, null);
    }

    @ParameterizedTest
    @EnumSource(org.apache.rocketmq.remoting.protocol.SerializeType.class)
    void officialClientRoundTripsInEitherSerializeType(org.apache.rocketmq.remoting.protocol.SerializeType type)
            throws Exception {
        CompletableFuture<RemotingCommand> seen = new CompletableFuture<>();
        server.registerProcessor(RequestCode.SEND_MESSAGE_V2, (channel, request) -> {
            seen.complete(request);
            return RemotingCommand.success(request).remark("stored").ext("msgId", "7F00000100002A9F0000000000000000")
                    .ext("queueId", 2).ext("p", request.ext("i")).body(request.body());
        }, executor);
        org.apache.rocketmq.remoting.protocol.RemotingCommand request = rocketRequest(RequestCode.SEND_MESSAGE_V2);
        request.setSerializeTypeCurrentRPC(type);
        request.addExtField("b", "TopicTest");
        request.addExtField("i", PROPERTIES);
        request.setBody("hello".getBytes(StandardCharsets.UTF_8));

        org.apache.rocketmq.remoting.protocol.RemotingCommand response = client.invokeSync(addr, request, 3_000);

        RemotingCommand received = seen.get(5, TimeUnit.SECONDS);
        assertThat(received.serializeType().name()).isEqualTo(type.name());
        assertThat(received.ext("i")).isEqualTo(PROPERTIES);
        assertThat(response.getCode()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.isResponseType()).isTrue();
        assertThat(response.getRemark()).isEqualTo("stored");
        assertThat(response.getExtFields()).containsEntry("queueId", "2").containsEntry("p", PROPERTIES);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(response.getVersion()).isEqualTo(RemotingCommand.SERVER_VERSION);
    }

    @Test
    void officialClientGetsRequestCodeNotSupportedAndSystemError() throws Exception {
        server.registerProcessor(RequestCode.SEND_MESSAGE, (channel, request) -> {
            throw new IllegalStateException("boom");
        }, executor);

        org.apache.rocketmq.remoting.protocol.RemotingCommand unknown = client.invokeSync(addr, rocketRequest(4242),
                3_000);
        org.apache.rocketmq.remoting.protocol.RemotingCommand failed = client.invokeSync(addr,
                rocketRequest(RequestCode.SEND_MESSAGE), 3_000);

        assertThat(unknown.getCode()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(unknown.getRemark()).isEqualTo(" request type 4242 not supported");
        assertThat(failed.getCode()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(failed.getRemark()).contains("boom");
    }

    @Test
    void officialClientOnewayReachesOurProcessor() throws Exception {
        CompletableFuture<RemotingCommand> seen = new CompletableFuture<>();
        server.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET, (channel, request) -> {
            seen.complete(request);
            return null;
        }, executor);
        org.apache.rocketmq.remoting.protocol.RemotingCommand request =
                rocketRequest(RequestCode.UPDATE_CONSUMER_OFFSET);
        request.addExtField("commitOffset", "42");

        client.invokeOneway(addr, request, 3_000);

        RemotingCommand received = seen.get(5, TimeUnit.SECONDS);
        assertThat(received.isOneway()).isTrue();
        assertThat(received.extLong("commitOffset")).isEqualTo(42);
    }

    @Test
    void ourServerInvokesAProcessorOfTheOfficialClient() throws Exception {
        client.registerProcessor(RequestCode.GET_CONSUMER_RUNNING_INFO, new NettyRequestProcessor() {
            @Override
            public org.apache.rocketmq.remoting.protocol.RemotingCommand processRequest(ChannelHandlerContext ctx,
                    org.apache.rocketmq.remoting.protocol.RemotingCommand request) {
                org.apache.rocketmq.remoting.protocol.RemotingCommand response =
                        org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(
                                ResponseCode.SUCCESS, "group " + request.getExtFields().get("consumerGroup"));
                response.setBody(new byte[]{7});
                return response;
            }

            @Override
            public boolean rejectRequest() {
                return false;
            }
        }, clientExecutor);
        CompletableFuture<RemotingChannel> clientChannel = new CompletableFuture<>();
        server.registerProcessor(RequestCode.HEART_BEAT, (channel, request) -> {
            clientChannel.complete(channel);
            return RemotingCommand.success(request);
        }, executor);
        client.invokeSync(addr, rocketRequest(RequestCode.HEART_BEAT), 3_000);

        RemotingChannel channel = clientChannel.get(5, TimeUnit.SECONDS);
        RemotingCommand answer = channel.invoke(RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO)
                .ext("consumerGroup", "cg"), 3_000).get(5, TimeUnit.SECONDS);
        RemotingCommand binaryAnswer = channel.invoke(RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO)
                .ext("consumerGroup", "b").serializeType(SerializeType.ROCKETMQ), 3_000).get(5, TimeUnit.SECONDS);

        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(answer.remark()).isEqualTo("group cg");
        assertThat(answer.body()).containsExactly(7);
        assertThat(binaryAnswer.remark()).isEqualTo("group b");
    }
}
