package io.msgframe.it.cluster;

import io.msgframe.broker.Broker;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.protocol.remoting.SerializeType;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input against one running broker (no name server, {@code autoCreateTopicEnable=false}, frames limited to
 * 64 KiB), written by hand on raw sockets or sent with our {@link RemotingClient}. Each case must get the answer
 * reference §1.1 / §1.9 / §2.5 / §2.7 prescribe, and after each one the broker must still serve a normal send and
 * pull from a client that was not involved.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadInputTest {
    static final int MAX_FRAME_BYTES = 64 * 1024;
    static final String TOPIC = "GoodTopic";
    static final long TIMEOUT_MS = 5_000;

    @TempDir
    static Path dir;
    static Broker broker;
    static String addr;
    static RemotingClient bystander;

    @BeforeAll
    static void startBroker() {
        broker = new Broker(LocalCluster.brokerConfig(dir, "broker-bad-input", "", 0,
                "autoCreateTopicEnable", "false", "maxFrameBytes", Integer.toString(MAX_FRAME_BYTES)));
        broker.start();
        addr = "127.0.0.1:" + broker.port();
        bystander = newClient();
        RemotingCommand created = bystander.invokeSync(addr, WireRequests.createTopic(TOPIC, 2), TIMEOUT_MS);
        assertThat(created.code()).as(WireRequests.describe(created)).isEqualTo(ResponseCode.SUCCESS);
    }

    @AfterAll
    static void stopBroker() {
        if (bystander != null) {
            bystander.shutdown();
        }
        if (broker != null) {
            broker.shutdown();
        }
    }

    static RemotingClient newClient() {
        RemotingClient client = new RemotingClient(RemotingClientConfig.defaults().withIoThreads(1));
        client.start();
        return client;
    }

    static RemotingCommand call(RemotingClient client, RemotingCommand request) {
        return client.invokeSync(addr, request, TIMEOUT_MS);
    }

    /** The connection opened before the bad input and a brand-new one both still send and pull. */
    @AfterEach
    void brokerStillServesSendAndPullFromOtherClients() {
        assertSendAndPull(bystander, "bystander");
        RemotingClient fresh = newClient();
        try {
            assertSendAndPull(fresh, "fresh client");
        } finally {
            fresh.shutdown();
        }
    }

    static void assertSendAndPull(RemotingClient client, String body) {
        RemotingCommand sent = call(client, WireRequests.sendV2(TOPIC, 1, body));
        assertThat(sent.code()).as(WireRequests.describe(sent)).isEqualTo(ResponseCode.SUCCESS);
        long offset = sent.extLong("queueOffset");
        // held, as clients pull: the consume queue is written just after the ack (dispatch is asynchronous)
        RemotingCommand pulled = call(client, WireRequests.pull("bad-input-check", TOPIC, 1, offset, 3_000));
        assertThat(pulled.code()).as(WireRequests.describe(pulled)).isEqualTo(ResponseCode.SUCCESS);
        List<MessageRecord> records = WireRequests.records(pulled.body());
        assertThat(records).isNotEmpty();
        assertThat(WireRequests.bodyText(records.get(0))).isEqualTo(body);
    }

    // --- frames --------------------------------------------------------------------------------------

    @Test
    void malformedJsonHeaderGetsSystemErrorAndTheConnectionThenServesAValidRequest() throws Exception {
        try (RawConnection raw = new RawConnection(broker.port())) {
            raw.writeJsonHeader("{\"code\":310,\"flag\":0,\"language\":\"JAVA\",\"opaque\":41,\"extFields\":{\"b\":");

            RemotingCommand error = raw.read();
            assertThat(error.isResponse()).isTrue();
            assertThat(error.opaque()).isEqualTo(41);
            assertThat(error.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(error.remark()).contains("malformed");

            raw.write(WireRequests.sendV2(TOPIC, 0, "after-malformed").opaque(42));
            RemotingCommand ok = raw.read();
            assertThat(ok.opaque()).isEqualTo(42);
            assertThat(ok.code()).as(WireRequests.describe(ok)).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void headerLengthBeyondItsFrameGetsSystemErrorAndTheConnectionStaysUsable() throws Exception {
        try (RawConnection raw = new RawConnection(broker.port())) {
            byte[] header = "{\"code\":30,\"opaque\":7}".getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = ByteBuffer.allocate(8 + header.length);
            frame.putInt(4 + header.length).putInt(header.length + 100).put(header); // claims 100 bytes too many
            raw.writeRaw(frame.array());

            RemotingCommand error = raw.read();
            assertThat(error.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(error.opaque()).isEqualTo(7);
            assertThat(error.remark()).contains("header length");

            raw.write(WireRequests.getMaxOffset(TOPIC, 0).opaque(8));
            RemotingCommand ok = raw.read();
            assertThat(ok.opaque()).isEqualTo(8);
            assertThat(ok.code()).as(WireRequests.describe(ok)).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void unknownSerializeTypeGetsSystemErrorAndTheConnectionStaysUsable() throws Exception {
        try (RawConnection raw = new RawConnection(broker.port())) {
            raw.writeFrame(5, "{\"code\":30,\"opaque\":9}".getBytes(StandardCharsets.UTF_8), new byte[0]);

            RemotingCommand error = raw.read();
            assertThat(error.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(error.opaque()).isEqualTo(9);
            assertThat(error.remark()).contains("serialize type 5");

            raw.write(WireRequests.getMaxOffset(TOPIC, 0).opaque(10));
            assertThat(raw.read().code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void binaryHeaderWithRemarkLongerThanTheHeaderGetsSystemErrorInBinary() throws Exception {
        try (RawConnection raw = new RawConnection(broker.port())) {
            // code, language, version, opaque, flag, remark length 1000 (but no remark), ext length 0: §1.4
            ByteBuffer header = ByteBuffer.allocate(21);
            header.putShort((short) 30).put((byte) 0).putShort((short) 409).putInt(11).putInt(0).putInt(1_000)
                    .putInt(0);
            raw.writeFrame(RawConnection.ROCKETMQ, header.array(), new byte[0]);

            RemotingCommand error = raw.read();
            assertThat(error.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
            assertThat(error.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(error.opaque()).isEqualTo(11);

            raw.write(WireRequests.getMaxOffset(TOPIC, 0).opaque(12));
            RemotingCommand ok = raw.read();
            assertThat(ok.opaque()).isEqualTo(12);
            assertThat(ok.code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void malformedOrUnknownOnewayRequestsGetNoResponse() throws Exception {
        try (RawConnection raw = new RawConnection(broker.port())) {
            raw.writeJsonHeader("{\"code\":15,\"flag\":2,\"opaque\":21,\"extFields\":");
            raw.write(RemotingCommand.request(9_998).opaque(22).markOneway());
            raw.write(WireRequests.getMaxOffset(TOPIC, 0).opaque(23));

            RemotingCommand first = raw.read();
            assertThat(first.opaque()).as("the first answer is the valid request's").isEqualTo(23);
            assertThat(first.code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void negativeFrameLengthClosesThatConnection() throws Exception {
        try (RawConnection raw = new RawConnection(broker.port())) {
            raw.writeRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 0, 0, 0, 0});

            assertThat(raw.awaitClosedByServer()).isTrue();
        }
    }

    @Test
    void oversizedFrameClosesThatConnectionWhileAnotherClientIsServed() throws Exception {
        assertSendAndPull(bystander, "before-oversized");
        try (RawConnection raw = new RawConnection(broker.port())) {
            ByteBuffer start = ByteBuffer.allocate(12);
            start.putInt(MAX_FRAME_BYTES + 1).putInt(16).putInt(0); // the length field alone is over the limit
            raw.writeRaw(start.array());

            assertSendAndPull(bystander, "while-oversized");
            assertThat(raw.awaitClosedByServer()).as("the oversized frame's connection is closed").isTrue();
        }
    }

    // --- requests ------------------------------------------------------------------------------------

    @Test
    void unknownRequestCodeGetsRequestCodeNotSupportedNamingTheCode() {
        RemotingCommand response = call(bystander, RemotingCommand.request(9_999).ext("topic", TOPIC));

        assertThat(response.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.remark()).contains("9999").contains("not supported");
    }

    @Test
    void sendWithoutTopicIsRefusedWithARemarkNamingTheField() {
        RemotingCommand request = WireRequests.sendV2(TOPIC, 0, "no-topic").ext("b", null);

        RemotingCommand response = call(bystander, request);

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).contains("topic").contains("missing");
    }

    @Test
    void sendWithNonNumericQueueIdIsRefusedWithARemarkNamingFieldAndValue() {
        RemotingCommand request = WireRequests.sendV2(TOPIC, 0, "bad-queue").ext("e", "first");

        RemotingCommand response = call(bystander, request);

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).contains("queueId").contains("first");
    }

    @Test
    void sendToUnknownTopicWithoutAutoCreateIsTopicNotExist() {
        RemotingCommand response = call(bystander, WireRequests.sendV2("NoSuchTopic", 0, "nowhere"));

        assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(response.remark()).startsWith("topic[NoSuchTopic] not exist, apply first please!");
    }

    @Test
    void pullOfUnknownTopicIsTopicNotExist() {
        RemotingCommand response = call(bystander, WireRequests.pull("bad-input-group", "NoSuchTopic", 0, 0, 0));

        assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(response.remark()).contains("NoSuchTopic");
    }

    @Test
    void heldPullOfUnknownTopicIsAnsweredAtOnceNotHeld() {
        long start = System.nanoTime();
        RemotingCommand response = call(bystander, WireRequests.pull("bad-input-group", "NoSuchTopic", 0, 0,
                15_000));

        assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
    }
}
