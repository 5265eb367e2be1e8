package io.msgframe.protocol.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON codec of remoting bodies (reference §1.10): what RocketMQ's fastjson 1 writes, and what its clients
 * send.
 *
 * <p>Output is standard JSON with members sorted alphabetically, nulls omitted and map entries ordered by key,
 * with one deliberate exception: maps keyed by {@link MessageQueue} are written with JSON objects as member
 * names, exactly as fastjson 1 does ({@code {"offsetTable":{{"brokerName":"b","queueId":3,"topic":"T"}:…}}}),
 * because fastjson2-based clients (5.4+) reject the string-key form. Maps with {@code Long} keys are written with
 * quoted keys, which every client accepts.
 *
 * <p>Input may be non-standard the same way: object member names and bare (unquoted) member names are rewritten
 * to JSON strings by {@link FastjsonKeyNormalizer} before parsing; unknown members are ignored, missing ones take
 * their defaults. Malformed input throws {@link ProtocolException} with {@link ResponseCode#SYSTEM_ERROR}.
 */
public final class RemotingJson {
    private static final ObjectMapper MAPPER = newMapper();

    private RemotingJson() {
    }

    /** The body as UTF-8 JSON; {@code null} encodes as no body ({@code null}). */
    public static byte[] encode(Object body) {
        if (body == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@link #encode} as a string, for logs, tests and bodies nested inside other text. */
    public static String encodeToString(Object body) {
        byte[] json = encode(body);
        return json == null ? null : new String(json, StandardCharsets.UTF_8);
    }

    /**
     * Reads a body sent by a client, broker or name server.
     *
     * @throws ProtocolException (SYSTEM_ERROR) if the body is missing or not JSON of that shape
     */
    public static <T> T decode(byte[] json, Class<T> type) {
        return decode(json, MAPPER.constructType(type));
    }

    /** {@link #decode(byte[], Class)} of text. */
    public static <T> T decode(String json, Class<T> type) {
        if (json == null) {
            throw missingBody(type.getSimpleName());
        }
        return decode(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** For generic shapes ({@code List<String>} and the like); {@code type} from {@link #typeFactory}. */
    static <T> T decode(byte[] json, JavaType type) {
        String name = type.getRawClass().getSimpleName();
        if (json == null || json.length == 0) {
            throw missingBody(name);
        }
        try {
            return MAPPER.readValue(FastjsonKeyNormalizer.normalize(json), type);
        } catch (JsonProcessingException e) {
            throw malformed(name, e);
        } catch (IOException e) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR,
                    "cannot read JSON body of " + name + ": " + e.getMessage());
        }
    }

    static TypeFactory typeFactory() {
        return MAPPER.getTypeFactory();
    }

    private static ProtocolException missingBody(String name) {
        return new ProtocolException(ResponseCode.SYSTEM_ERROR, "missing JSON body, expected " + name);
    }

    private static ProtocolException malformed(String name, JsonProcessingException e) {
        StringBuilder message = new StringBuilder("malformed JSON body for ").append(name).append(": ")
                .append(e.getOriginalMessage());
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message.append(" (line ").append(location.getLineNr()).append(", column ")
                    .append(location.getColumnNr()).append(')');
        }
        return new ProtocolException(ResponseCode.SYSTEM_ERROR, message.toString());
    }

    private static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
        SimpleModule module = new SimpleModule("msgframe-remoting-json");
        module.setSerializers(new MessageQueueKeyedMapSerializer.Finder(factory));
        module.addKeyDeserializer(MessageQueue.class, new MessageQueueKeyDeserializer());
        return JsonMapper.builder(factory)
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addModule(module)
                .build();
    }
}
