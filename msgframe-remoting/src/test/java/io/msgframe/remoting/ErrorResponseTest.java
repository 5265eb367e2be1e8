package io.msgframe.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorResponseTest {
    private final RemotingFixture fixture = new RemotingFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private RemotingCommand call(int code) {
        return fixture.client.invokeSync(fixture.addr(), RemotingCommand.request(code), 3_000);
    }

    @Test
    void unknownCodeIsAnsweredRequestCodeNotSupported() {
        RemotingCommand response = call(9999);

        assertThat(response.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.remark()).isEqualTo(" request type 9999 not supported");
        assertThat(response.isResponse()).isTrue();
    }

    @Test
    void defaultProcessorServesCodesWithoutTheirOwn() {
        fixture.server.registerDefaultProcessor((channel, request) ->
                RemotingCommand.success(request).remark("default " + request.code()), fixture.executor());
        fixture.registerEcho(RequestCode.HEART_BEAT);

        assertThat(call(9999).remark()).isEqualTo("default 9999");
        assertThat(call(RequestCode.HEART_BEAT).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void processorFailureIsAnsweredSystemErrorAndTheConnectionStaysUsable() {
        fixture.server.registerProcessor(RequestCode.SEND_MESSAGE, (channel, request) -> {
            throw new IllegalStateException("disk on fire");
        }, fixture.executor());
        fixture.registerEcho(RequestCode.HEART_BEAT);

        RemotingCommand response = call(RequestCode.SEND_MESSAGE);

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).isEqualTo("java.lang.IllegalStateException: disk on fire");
        assertThat(call(RequestCode.HEART_BEAT).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(fixture.server.connectionCount()).isEqualTo(1);
    }

    @Test
    void protocolExceptionIsAnsweredWithItsCodeAndMessage() {
        fixture.server.registerProcessor(RequestCode.PULL_MESSAGE, (channel, request) -> {
            request.requireExt("topic");
            return RemotingCommand.success(request);
        }, fixture.executor());
        fixture.server.registerProcessor(RequestCode.SEND_MESSAGE, (channel, request) -> {
            throw new ProtocolException(ResponseCode.TOPIC_NOT_EXIST, "topic T not exist");
        }, fixture.executor());

        RemotingCommand missing = call(RequestCode.PULL_MESSAGE);
        RemotingCommand noTopic = call(RequestCode.SEND_MESSAGE);

        assertThat(missing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(missing.remark()).isEqualTo("the header field 'topic' is missing");
        assertThat(noTopic.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(noTopic.remark()).isEqualTo("topic T not exist");
    }

    @Test
    void processorRefusingRequestsIsAnsweredSystemBusy() {
        fixture.server.registerProcessor(RequestCode.SEND_MESSAGE, new RequestProcessor() {
            @Override
            public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
                throw new AssertionError("must not run while refusing");
            }

            @Override
            public boolean rejectRequest() {
                return true;
            }
        }, fixture.executor());

        RemotingCommand response = call(RequestCode.SEND_MESSAGE);

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
        assertThat(response.remark()).isEqualTo("[REJECTREQUEST]system busy, start flow control for a while");
        assertThat(fixture.server.rejectedRequests()).isEqualTo(1);
    }
}
