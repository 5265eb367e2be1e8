package io.msgframe.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.protocol.remoting.SerializeType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RequestResponseTest {
    private final RemotingFixture fixture = new RemotingFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void roundTripsHeaderAndBodyInEitherSerializeType(SerializeType type) {
        List<RemotingCommand> seen = new CopyOnWriteArrayList<>();
        fixture.server.registerProcessor(RequestCode.SEND_MESSAGE_V2, (channel, request) -> {
            seen.add(request);
            return RemotingCommand.success(request).remark("stored").ext("msgId", "ABC").ext("queueId", 3)
                    .body("reply".getBytes(StandardCharsets.UTF_8));
        }, fixture.executor());
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).serializeType(type)
                .ext("b", "TopicTest").ext("i", "TAGS\u0001TagA\u0002").body(new byte[]{1, 2, 3});

        RemotingCommand response = fixture.client.invokeSync(fixture.addr(), request, 3_000);

        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).serializeType()).isEqualTo(type);
        assertThat(seen.get(0).ext("i")).isEqualTo("TAGS\u0001TagA\u0002");
        assertThat(seen.get(0).body()).containsExactly(1, 2, 3);
        assertThat(response.isResponse()).isTrue();
        assertThat(response.serializeType()).isEqualTo(type);
        assertThat(response.opaque()).isEqualTo(request.opaque());
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.remark()).isEqualTo("stored");
        assertThat(response.ext("msgId")).isEqualTo("ABC");
        assertThat(response.extInt("queueId")).isEqualTo(3);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("reply");
        assertThat(response.version()).isEqualTo(RemotingCommand.SERVER_VERSION);
    }

    @Test
    void onewayRequestGetsNoResponseAndTheConnectionStaysUsable() throws Exception {
        CountDownLatch onewayProcessed = new CountDownLatch(1);
        fixture.server.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET, (channel, request) -> {
            onewayProcessed.countDown();
            return RemotingCommand.success(request); // must be dropped: the request is oneway
        }, fixture.executor());
        fixture.registerEcho(RequestCode.HEART_BEAT);
        RawConnection raw = fixture.raw();

        raw.send(RawConnection.frame(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).opaque(1)
                .markOneway()));
        assertThat(onewayProcessed.await(5, TimeUnit.SECONDS)).isTrue();
        raw.send(RawConnection.frame(RemotingCommand.request(RequestCode.HEART_BEAT).opaque(2).remark("second")));
        RemotingCommand first = raw.read();

        assertThat(first.opaque()).isEqualTo(2);
        assertThat(first.remark()).isEqualTo("second");
    }

    @Test
    void clientOnewayReachesTheProcessor() throws Exception {
        CompletableFuture<RemotingCommand> received = new CompletableFuture<>();
        fixture.server.registerProcessor(RequestCode.END_TRANSACTION, (channel, request) -> {
            received.complete(request);
            return null;
        }, fixture.executor());

        fixture.client.invokeOneway(fixture.addr(), RemotingCommand.request(RequestCode.END_TRANSACTION).ext("x", 1));

        RemotingCommand request = received.get(5, TimeUnit.SECONDS);
        assertThat(request.isOneway()).isTrue();
        assertThat(request.ext("x")).isEqualTo("1");
    }

    @Test
    void pipelinedRequestsAreMatchedToTheirResponsesByOpaque() throws Exception {
        fixture.registerEcho(RequestCode.GET_MAX_OFFSET);
        List<CompletableFuture<RemotingCommand>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(fixture.client.invokeAsync(fixture.addr(),
                    RemotingCommand.request(RequestCode.GET_MAX_OFFSET).ext("n", i), 10_000));
        }

        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get(10, TimeUnit.SECONDS).extInt("n")).isEqualTo(i);
        }
        assertThat(fixture.server.connectionCount()).isEqualTo(1);
    }

    @Test
    void servesAFrameWrittenByHandFromTheReferenceExample() throws Exception {
        CompletableFuture<RemotingCommand> received = new CompletableFuture<>();
        fixture.server.registerProcessor(RequestCode.SEND_MESSAGE_V2, (channel, request) -> {
            received.complete(request);
            return RemotingCommand.success(request).ext("msgId", "X");
        }, fixture.executor());
        String header = "{\"code\":310,\"extFields\":{\"a\":\"pg\",\"b\":\"TopicTest\",\"c\":\"TBW102\",\"d\":\"4\","
                + "\"e\":\"1\",\"f\":\"0\",\"g\":\"1700000000000\",\"h\":\"0\","
                + "\"i\":\"TAGS\\u0001TagA\\u0002WAIT\\u0001true\\u0002UNIQ_KEY\\u0001ABC\\u0002\",\"j\":\"0\","
                + "\"k\":\"false\",\"m\":\"false\",\"n\":\"broker-a\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":0,"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":409}";
        RawConnection raw = fixture.raw();

        raw.send(RawConnection.frame(SerializeType.JSON, header.getBytes(StandardCharsets.UTF_8),
                "Hello RocketMQ".getBytes(StandardCharsets.UTF_8)));
        RemotingCommand response = raw.read();

        RemotingCommand request = received.get(5, TimeUnit.SECONDS);
        assertThat(request.ext("i")).isEqualTo("TAGS\u0001TagA\u0002WAIT\u0001true\u0002UNIQ_KEY\u0001ABC\u0002");
        assertThat(request.ext("b")).isEqualTo("TopicTest");
        assertThat(request.version()).isEqualTo(409);
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("Hello RocketMQ");
        assertThat(response.isResponse()).isTrue();
        assertThat(response.opaque()).isZero();
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.ext("msgId")).isEqualTo("X");
    }

    @Test
    void processorMayAnswerLaterThroughTheChannel() throws Exception {
        fixture.server.registerProcessor(RequestCode.PULL_MESSAGE, (channel, request) -> {
            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() ->
                    channel.writeResponse(RemotingCommand.responseTo(request, ResponseCode.PULL_NOT_FOUND, "later")));
            return null;
        }, fixture.executor());

        RemotingCommand response = fixture.client.invokeSync(fixture.addr(),
                RemotingCommand.request(RequestCode.PULL_MESSAGE), 3_000);

        assertThat(response.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertThat(response.remark()).isEqualTo("later");
    }
}
