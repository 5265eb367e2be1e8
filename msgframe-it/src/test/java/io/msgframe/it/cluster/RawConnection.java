package io.msgframe.it.cluster;

import io.msgframe.protocol.remoting.HeaderCodec;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.SerializeType;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A plain socket that writes remoting frames byte by byte as the test composes them (reference §1.2: length,
 * header word = serialize type << 24 | header length, header, body) and reads response frames back. Every read
 * is bounded by the socket timeout.
 */
final class RawConnection implements AutoCloseable {
    static final int JSON = 0;
    static final int ROCKETMQ = 1;
    private static final int READ_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A well-delimited frame around whatever header bytes are given. */
    void writeFrame(int serializeType, byte[] header, byte[] body) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(8 + header.length + body.length);
        frame.putInt(4 + header.length + body.length);
        frame.putInt(serializeType << 24 | header.length);
        frame.put(header).put(body);
        out.write(frame.array());
        out.flush();
    }

    void writeJsonHeader(String header) throws IOException {
        writeFrame(JSON, header.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    /** A valid request, header encoded by our codec as JSON. */
    void write(RemotingCommand request) throws IOException {
        writeFrame(JSON, HeaderCodec.encodeJson(request), request.body() == null ? new byte[0] : request.body());
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame from the server, decoded. */
    RemotingCommand read() throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        int headerWord = ByteBuffer.wrap(frame, 0, 4).getInt();
        SerializeType type = SerializeType.of(headerWord >>> 24);
        int headerLength = headerWord & 0xFFFFFF;
        RemotingCommand command = HeaderCodec.decode(type, frame, 4, headerLength);
        if (length > 4 + headerLength) {
            command.body(Arrays.copyOfRange(frame, 4 + headerLength, length));
        }
        return command;
    }

    /** True once the server closed the connection (end of stream or reset); false if still open at the timeout. */
    boolean awaitClosedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().toLowerCase().contains("reset");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
