package io.msgframe.remoting;

import io.msgframe.protocol.remoting.HeaderCodec;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.SerializeType;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** A plain socket speaking the frame format by hand, to send what a well-behaved client never would. */
final class RawConnection implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 5_000;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** length, header word (type in the high byte, {@code headerLength} in the low 24 bits), header, body. */
    static byte[] frame(int typeCode, int headerLength, byte[] header, byte[] body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream frame = new DataOutputStream(bytes);
            frame.writeInt(4 + header.length + body.length);
            frame.writeInt(typeCode << 24 | headerLength);
            frame.write(header);
            frame.write(body);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] frame(SerializeType type, byte[] header, byte[] body) {
        return frame(type.code(), header.length, header, body);
    }

    static byte[] frame(RemotingCommand command) {
        byte[] header = HeaderCodec.encode(command, command.serializeType());
        return frame(command.serializeType(), header, command.body() == null ? new byte[0] : command.body());
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one frame, waiting at most 5 s. */
    RemotingCommand read() throws IOException {
        int length = in.readInt();
        int headerWord = in.readInt();
        int headerLength = headerWord & 0xFFFFFF;
        byte[] header = new byte[headerLength];
        in.readFully(header);
        RemotingCommand command = HeaderCodec.decode(SerializeType.of(headerWord >>> 24), header);
        byte[] body = new byte[length - 4 - headerLength];
        in.readFully(body);
        return body.length == 0 ? command : command.body(body);
    }

    /** True when the peer closes the connection within 5 s (no frame may arrive before). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket: nothing to do
        }
    }
}
