package io.msgframe.protocol.remoting;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON header (reference §1.3), with Jackson's streaming parser and generator. Written as RocketMQ writes it:
 * keys in alphabetical order, nulls omitted, control characters as JSON escapes. Read leniently as the
 * Java readers do: language by name or number, ext values of any JSON type as strings, unknown keys ignored.
 */
final class JsonHeaderCodec {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS) // raw U+0001 from non-Java clients
            .build();
    private static final SerializedString CODE = new SerializedString("code");
    private static final SerializedString EXT_FIELDS = new SerializedString("extFields");
    private static final SerializedString FLAG = new SerializedString("flag");
    private static final SerializedString LANGUAGE = new SerializedString("language");
    private static final SerializedString OPAQUE = new SerializedString("opaque");
    private static final SerializedString REMARK = new SerializedString("remark");
    private static final SerializedString SERIALIZE_TYPE = new SerializedString("serializeTypeCurrentRPC");
    private static final SerializedString VERSION = new SerializedString("version");

    private JsonHeaderCodec() {
    }

    static byte[] encode(RemotingCommand command) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeFieldName(CODE);
            json.writeNumber(command.code());
            // Always an object, never omitted: 5.x fast-path header decoders dereference the map.
            json.writeFieldName(EXT_FIELDS);
            json.writeStartObject();
            if (command.hasExtFields()) {
                for (Map.Entry<String, String> e : command.extFields().entrySet()) {
                    if (e.getKey() != null && e.getValue() != null) {
                        json.writeStringField(e.getKey(), e.getValue());
                    }
                }
            }
            json.writeEndObject();
            json.writeFieldName(FLAG);
            json.writeNumber(command.flag());
            json.writeFieldName(LANGUAGE);
            json.writeString(command.language().name());
            json.writeFieldName(OPAQUE);
            json.writeNumber(command.opaque());
            if (command.remark() != null) {
                json.writeFieldName(REMARK);
                json.writeString(command.remark());
            }
            json.writeFieldName(SERIALIZE_TYPE);
            json.writeString("JSON");
            json.writeFieldName(VERSION);
            json.writeNumber(command.version());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a JSON header to memory", e);
        }
        return out.toByteArray();
    }

    static RemotingCommand decode(byte[] header, int offset, int length) {
        int code = 0;
        int version = 0;
        int opaque = 0;
        int flag = 0;
        LanguageCode language = LanguageCode.JAVA;
        String remark = null;
        Map<String, String> extFields = null;
        try (JsonParser json = FACTORY.createParser(header, offset, length)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("it is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String key = json.currentName();
                JsonToken value = json.nextToken();
                switch (key) {
                    case "code" -> code = intValue(json, value, key);
                    case "version" -> version = intValue(json, value, key);
                    case "opaque" -> opaque = intValue(json, value, key);
                    case "flag" -> flag = intValue(json, value, key);
                    case "language" -> language = language(json, value);
                    case "remark" -> remark = value == JsonToken.VALUE_NULL ? null : scalarText(json, value, key);
                    case "extFields" -> extFields = extFields(json, value);
                    default -> json.skipChildren();
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT) {
                throw malformed("expected a key or '}' but found " + json.currentToken());
            }
            JsonToken trailing = json.nextToken();
            if (trailing != null) {
                throw malformed("unexpected " + trailing + " after the header object");
            }
        } catch (JsonParseException e) {
            throw malformed(e.getOriginalMessage() + " at column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw malformed(e.getMessage());
        }
        return RemotingCommand.decoded(code, language, version, opaque, flag, remark, extFields,
                SerializeType.JSON);
    }

    private static int intValue(JsonParser json, JsonToken value, String key) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT) {
            return json.getIntValue();
        }
        if (value == JsonToken.VALUE_STRING) { // fastjson coerces "310" to 310; so do we
            try {
                return Integer.parseInt(json.getText().trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        if (value == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw malformed("'" + key + "' must be a 32-bit integer, not " + describe(json, value));
    }

    private static LanguageCode language(JsonParser json, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> LanguageCode.parse(json.getText());
            case VALUE_NUMBER_INT -> LanguageCode.of(json.getIntValue());
            case VALUE_NULL -> LanguageCode.JAVA;
            default -> throw malformed("'language' must be a name or a number, not " + describe(json, value));
        };
    }

    private static String scalarText(JsonParser json, JsonToken value, String key) throws IOException {
        if (value.isScalarValue()) {
            return json.getText();
        }
        throw malformed("'" + key + "' must be a string, not " + describe(json, value));
    }

    private static Map<String, String> extFields(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw malformed("'extFields' must be an object, not " + describe(json, value));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken token = json.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                continue; // RocketMQ omits null fields; a null reads as absent
            }
            fields.put(name, token.isStructStart() ? structureText(json) : json.getText());
        }
        return fields;
    }

    /** A nested object or array as compact JSON text, as fastjson's toString of a JSON value gives it. */
    private static String structureText(JsonParser json) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator copy = FACTORY.createGenerator(text)) {
            copy.copyCurrentStructure(json);
        }
        return text.toString();
    }

    private static String describe(JsonParser json, JsonToken value) throws IOException {
        return value.isScalarValue() ? value + " " + json.getText() : String.valueOf(value);
    }

    private static ProtocolException malformed(String why) {
        return new ProtocolException(ResponseCode.SYSTEM_ERROR, "malformed JSON header: " + why);
    }
}
