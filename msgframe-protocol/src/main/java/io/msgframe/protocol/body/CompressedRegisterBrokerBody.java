package io.msgframe.protocol.body;

import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The compressed REGISTER_BROKER body (header {@code compressed=true}, reference §2.4.1): one zlib stream holding,
 * with big-endian int32 lengths and counts,
 * <pre>
 *   int32 len, DataVersion JSON
 *   int32 topicCount
 *   topicCount × (int32 len, TopicConfig text "name readQ writeQ perm filterType[ attributesJSON]")
 *   int32 len, filter-server list JSON array
 *   [int32 mappingCount, mappingCount × (int32 len, mapping JSON)]   (5.x static topics; absent from 4.9.x)
 * </pre>
 * The text form has no sysFlag or order flag: they read as 0/false, as in RocketMQ. Written without attributes
 * (a 4.9.8 name server accepts exactly five fields) and with a mapping count of 0 (a 5.x name server reads it
 * unconditionally, a 4.9.x one ignores trailing bytes). Static-topic mappings read are skipped.
 */
final class CompressedRegisterBrokerBody {
    /** Inflated size limit: a zlib bomb must not exhaust the heap. Thousands of topics fit in far less. */
    static final int MAX_INFLATED_BYTES = 64 * 1024 * 1024;
    private static final String SEPARATOR = " ";

    private CompressedRegisterBrokerBody() {
    }

    static byte[] encode(RegisterBrokerBody body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater))) {
            TopicConfigSerializeWrapper wrapper = body.topicConfigSerializeWrapper();
            writeChunk(out, RemotingJson.encode(wrapper.dataVersion()));
            out.writeInt(wrapper.topicConfigTable().size());
            for (TopicConfig config : wrapper.topicConfigTable().values()) {
                writeChunk(out, toText(config).getBytes(StandardCharsets.UTF_8));
            }
            writeChunk(out, RemotingJson.encode(body.filterServerList()));
            out.writeInt(0);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory deflate failed", e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    static RegisterBrokerBody decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("empty body");
        }
        try (DataInputStream in = new DataInputStream(
                new BoundedInputStream(new InflaterInputStream(new ByteArrayInputStream(body))))) {
            DataVersion dataVersion = RemotingJson.decode(readChunk(in, "data version"), DataVersion.class);
            int topicCount = in.readInt();
            if (topicCount < 0) {
                throw malformed("negative topic count " + topicCount);
            }
            Map<String, TopicConfig> topics = new LinkedHashMap<>();
            for (int i = 0; i < topicCount; i++) {
                TopicConfig config = fromText(new String(readChunk(in, "topic config " + i), StandardCharsets.UTF_8));
                topics.put(config.topicName(), config);
            }
            List<String> filterServers = RemotingJson.decode(readChunk(in, "filter server list"),
                    RemotingJson.typeFactory().constructCollectionType(List.class, String.class));
            skipStaticTopicMappings(in);
            return new RegisterBrokerBody(new TopicConfigSerializeWrapper(dataVersion, topics),
                    new ArrayList<>(filterServers));
        } catch (EOFException e) {
            throw malformed("truncated");
        } catch (IOException e) {
            throw malformed(e.getMessage());
        }
    }

    /** RocketMQ's {@code TopicConfig.encode()} text, without attributes (see class comment). */
    static String toText(TopicConfig config) {
        return config.topicName() + SEPARATOR + config.readQueueNums() + SEPARATOR + config.writeQueueNums()
                + SEPARATOR + config.perm() + SEPARATOR + config.topicFilterType().name();
    }

    static TopicConfig fromText(String text) {
        String[] fields = text.split(SEPARATOR, 6);
        if (fields.length < 5) {
            throw malformed("topic config text needs 5 space-separated fields: " + text);
        }
        try {
            Map<String, String> attributes = fields.length == 6
                    ? RemotingJson.decode(fields[5].getBytes(StandardCharsets.UTF_8),
                            RemotingJson.typeFactory().constructMapType(Map.class, String.class, String.class))
                    : Map.of();
            return new TopicConfig(fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                    Integer.parseInt(fields[3]), TopicFilterType.valueOf(fields[4]), 0, false, attributes);
        } catch (IllegalArgumentException e) {
            throw malformed("bad topic config text: " + text);
        }
    }

    private static void skipStaticTopicMappings(DataInputStream in) throws IOException {
        byte[] count = in.readNBytes(4);
        if (count.length < 4) {
            return; // 4.9.x brokers end after the filter-server list
        }
        int mappings = ((count[0] & 0xFF) << 24) | ((count[1] & 0xFF) << 16) | ((count[2] & 0xFF) << 8)
                | (count[3] & 0xFF);
        for (int i = 0; i < mappings; i++) {
            readChunk(in, "static topic mapping " + i);
        }
    }

    private static void writeChunk(DataOutputStream out, byte[] chunk) throws IOException {
        out.writeInt(chunk.length);
        out.write(chunk);
    }

    private static byte[] readChunk(DataInputStream in, String what) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw malformed("negative length " + length + " of " + what);
        }
        byte[] chunk = in.readNBytes(length);
        if (chunk.length != length) {
            throw malformed(what + " truncated: " + chunk.length + " of " + length + " bytes");
        }
        return chunk;
    }

    private static ProtocolException malformed(String detail) {
        return new ProtocolException(ResponseCode.SYSTEM_ERROR, "malformed compressed register-broker body: "
                + detail);
    }

    /** Fails once more than {@link #MAX_INFLATED_BYTES} have been read. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long read;

        BoundedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_INFLATED_BYTES) {
                throw malformed("inflates to more than " + MAX_INFLATED_BYTES + " bytes");
            }
        }
    }
}
