package io.msgframe.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.msgframe.protocol.remoting.HeaderCodec;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.protocol.remoting.SerializeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MalformedFrameTest {
    private static final int MAX_FRAME = 1024 * 1024;
    private final RemotingFixture fixture = new RemotingFixture(RemotingFixture.localServer()
            .withMaxFrameBytes(MAX_FRAME));

    @AfterEach
    void close() {
        fixture.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** After the bad frame, a valid request on the same connection is still served. */
    private RemotingCommand answerThenStillServes(byte[] badFrame) throws IOException {
        fixture.registerEcho(RequestCode.HEART_BEAT);
        RawConnection raw = fixture.raw();
        raw.send(badFrame);
        RemotingCommand error = raw.read();
        raw.send(RawConnection.frame(RemotingCommand.request(RequestCode.HEART_BEAT).opaque(4242).remark("ok")));
        RemotingCommand next = raw.read();
        assertThat(next.opaque()).isEqualTo(4242);
        assertThat(next.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(error.isResponse()).isTrue();
        assertThat(error.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        return error;
    }

    @Test
    void garbageJsonHeaderIsAnsweredWithOpaqueZero() throws IOException {
        RemotingCommand error = answerThenStillServes(
                RawConnection.frame(SerializeType.JSON, utf8("this is not json"), new byte[]{9, 9}));

        assertThat(error.opaque()).isZero();
        assertThat(error.remark()).startsWith("malformed frame: malformed JSON header");
    }

    @Test
    void brokenJsonHeaderIsAnsweredToTheOpaqueFoundBeforeTheError() throws IOException {
        RemotingCommand error = answerThenStillServes(RawConnection.frame(SerializeType.JSON,
                utf8("{\"code\":10,\"flag\":0,\"opaque\":31337,\"extFields\":{\"a\":}"), new byte[0]));

        assertThat(error.opaque()).isEqualTo(31337);
        assertThat(error.remark()).contains("malformed JSON header");
    }

    @Test
    void unknownSerializeTypeIsAnswered() throws IOException {
        byte[] header = utf8("{\"code\":10,\"opaque\":7}");
        RemotingCommand error = answerThenStillServes(RawConnection.frame(5, header.length, header, new byte[0]));

        assertThat(error.remark()).isEqualTo("malformed frame: unknown serialize type 5");
        assertThat(error.opaque()).isEqualTo(7);
    }

    @Test
    void headerLengthBeyondTheFrameIsAnsweredWithTheBinaryOpaque() throws IOException {
        byte[] header = HeaderCodec.encodeBinary(RemotingCommand.request(RequestCode.SEND_MESSAGE).opaque(99)
                .ext("k", "v"));
        RemotingCommand error = answerThenStillServes(RawConnection.frame(SerializeType.ROCKETMQ.code(),
                header.length + 1000, header, new byte[]{1, 2}));

        assertThat(error.opaque()).isEqualTo(99);
        assertThat(error.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(error.remark()).isEqualTo("malformed frame: the header length " + (header.length + 1000)
                + " exceeds the " + (header.length + 2) + " bytes that follow the header word");
    }

    @Test
    void binaryHeaderWithBadLengthsIsAnswered() throws IOException {
        byte[] header = HeaderCodec.encodeBinary(RemotingCommand.request(RequestCode.SEND_MESSAGE).opaque(5));
        java.nio.ByteBuffer.wrap(header).putInt(13, 1_000_000); // remark length far beyond the header

        RemotingCommand error = answerThenStillServes(RawConnection.frame(SerializeType.ROCKETMQ, header,
                new byte[0]));

        assertThat(error.opaque()).isEqualTo(5);
        assertThat(error.remark()).contains("remark length 1000000 exceeds");
    }

    @Test
    void malformedOnewayRequestIsNotAnswered() throws IOException {
        fixture.registerEcho(RequestCode.HEART_BEAT);
        RawConnection raw = fixture.raw();

        raw.send(RawConnection.frame(SerializeType.JSON, utf8("{\"flag\":2,\"opaque\":1,"), new byte[0]));
        raw.send(RawConnection.frame(RemotingCommand.request(RequestCode.HEART_BEAT).opaque(2)));

        assertThat(raw.read().opaque()).isEqualTo(2);
    }

    @Test
    void oversizedFrameClosesOnlyThatConnection() throws IOException {
        fixture.registerEcho(RequestCode.HEART_BEAT);
        RawConnection bystander = fixture.raw();
        bystander.send(RawConnection.frame(RemotingCommand.request(RequestCode.HEART_BEAT).opaque(1)));
        assertThat(bystander.read().opaque()).isEqualTo(1);
        RawConnection offender = fixture.raw();

        // announces MAX_FRAME + 1 bytes after the length field: refused on the length alone, body never sent
        offender.send(java.nio.ByteBuffer.allocate(12).putInt(MAX_FRAME + 1).putInt(20).putInt(0).array());

        assertThat(offender.closedByPeer()).isTrue();
        bystander.send(RawConnection.frame(RemotingCommand.request(RequestCode.HEART_BEAT).opaque(2)));
        assertThat(bystander.read().opaque()).isEqualTo(2);
        RemotingCommand viaClient = fixture.client.invokeSync(fixture.addr(),
                RemotingCommand.request(RequestCode.HEART_BEAT), 3_000);
        assertThat(viaClient.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void frameJustUnderTheLimitIsServed() throws IOException {
        fixture.registerEcho(RequestCode.HEART_BEAT);
        RawConnection raw = fixture.raw();
        byte[] header = utf8("{\"code\":34,\"opaque\":8}");
        byte[] body = new byte[MAX_FRAME - 8 - header.length]; // length field + header word + header + body = max

        raw.send(RawConnection.frame(SerializeType.JSON, header, body));
        RemotingCommand echo = raw.read();

        assertThat(echo.opaque()).isEqualTo(8);
        assertThat(echo.body()).hasSize(body.length);
    }
}
