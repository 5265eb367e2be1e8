package io.msgframe.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZeroCopyBodyTest {
    private final RemotingFixture fixture = new RemotingFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static MappedByteBuffer mapped(Path dir, byte[] content) throws IOException {
        Path file = dir.resolve("segment");
        Files.write(file, content);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, content.length);
        }
    }

    @Test
    void responseBodyFromMappedAndDirectBuffersArrivesIntactAndIsReleasedOnce(@TempDir Path dir) throws Exception {
        byte[] fileContent = new byte[256 * 1024];
        for (int i = 0; i < fileContent.length; i++) {
            fileContent[i] = (byte) (i * 31);
        }
        MappedByteBuffer segment = mapped(dir, fileContent);
        ByteBuffer direct = ByteBuffer.allocateDirect(1000);
        for (int i = 0; i < 1000; i++) {
            direct.put((byte) i);
        }
        direct.flip();
        AtomicInteger released = new AtomicInteger();
        CountDownLatch releasedLatch = new CountDownLatch(1);
        fixture.server.registerProcessor(RequestCode.PULL_MESSAGE, (channel, request) ->
                RemotingCommand.success(request).bodyParts(
                        List.of(segment.slice(100, 5000), direct, segment.slice(200_000, 60_000)), () -> {
                            released.incrementAndGet();
                            releasedLatch.countDown();
                        }), fixture.executor());

        RemotingCommand response = fixture.client.invokeSync(fixture.addr(),
                RemotingCommand.request(RequestCode.PULL_MESSAGE), 5_000);

        ByteBuffer expected = ByteBuffer.allocate(5000 + 1000 + 60_000);
        expected.put(fileContent, 100, 5000);
        expected.put(direct.duplicate());
        expected.put(fileContent, 200_000, 60_000);
        assertThat(response.body()).isEqualTo(expected.array());
        assertThat(releasedLatch.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100); // a second release would follow the first closely
        assertThat(released).hasValue(1);
        assertThat(direct.position()).isZero(); // the caller's buffer was not consumed
    }

    @Test
    void zeroCopyBodyOfAResponseToAOnewayRequestIsReleasedToo() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        fixture.server.registerProcessor(RequestCode.END_TRANSACTION, (channel, request) ->
                RemotingCommand.success(request).bodyParts(List.of(ByteBuffer.allocateDirect(10)), released::countDown),
                fixture.executor());

        fixture.client.invokeOneway(fixture.addr(), RemotingCommand.request(RequestCode.END_TRANSACTION));

        assertThat(released.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void zeroCopyBodyIsReleasedWhenTheConnectionIsAlreadyClosed() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        fixture.server.registerProcessor(RequestCode.PULL_MESSAGE, (channel, request) -> {
            arrived.countDown();
            go.await(5, TimeUnit.SECONDS);
            return RemotingCommand.success(request).bodyParts(List.of(ByteBuffer.allocateDirect(10)),
                    released::countDown);
        }, fixture.executor());
        RawConnection raw = fixture.raw();
        raw.send(RawConnection.frame(RemotingCommand.request(RequestCode.PULL_MESSAGE).opaque(1)));
        assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();

        raw.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fixture.server.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        go.countDown();

        assertThat(released.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
