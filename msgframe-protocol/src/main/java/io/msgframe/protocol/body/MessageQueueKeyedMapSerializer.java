package io.msgframe.protocol.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleSerializers;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.MapType;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@code Map<MessageQueue, V>} the way fastjson 1 does: each member name is the queue as a JSON object,
 * {@code {{"brokerName":"b","queueId":3,"topic":"T"}:value,…}} (reference §1.10). This is not standard JSON, so a
 * Jackson generator cannot produce it through its object context: the whole map is built as text (keys and values
 * serialized with the same settings) and emitted as one raw value. Entries are ordered by queue, null values are
 * skipped as fastjson skips them.
 */
final class MessageQueueKeyedMapSerializer extends StdSerializer<Map<MessageQueue, ?>> {
    private final JsonFactory factory;

    @SuppressWarnings({"unchecked", "rawtypes"})
    MessageQueueKeyedMapSerializer(JsonFactory factory) {
        super((Class) Map.class);
        this.factory = factory;
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, Map<MessageQueue, ?> value) {
        return value.isEmpty();
    }

    @Override
    public void serialize(Map<MessageQueue, ?> map, JsonGenerator gen, SerializerProvider provider)
            throws IOException {
        List<Map.Entry<MessageQueue, ?>> entries = new ArrayList<>(map.entrySet());
        entries.sort((a, b) -> a.getKey().compareTo(b.getKey()));
        StringWriter text = new StringWriter(32 + entries.size() * 96);
        text.append('{');
        boolean first = true;
        for (Map.Entry<MessageQueue, ?> entry : entries) {
            if (entry.getValue() == null) {
                continue;
            }
            if (!first) {
                text.append(',');
            }
            first = false;
            writeStandalone(entry.getKey(), text, provider);
            text.append(':');
            writeStandalone(entry.getValue(), text, provider);
        }
        text.append('}');
        gen.writeRawValue(text.toString());
    }

    private void writeStandalone(Object value, StringWriter text, SerializerProvider provider) throws IOException {
        try (JsonGenerator nested = factory.createGenerator(text)) {
            provider.defaultSerializeValue(value, nested);
        }
    }

    /** Picks this serializer for every map type whose key type is {@link MessageQueue}, however nested. */
    static final class Finder extends SimpleSerializers {
        private final MessageQueueKeyedMapSerializer serializer;

        Finder(JsonFactory factory) {
            this.serializer = new MessageQueueKeyedMapSerializer(factory);
        }

        @Override
        public JsonSerializer<?> findMapSerializer(SerializationConfig config, MapType type,
                                                   BeanDescription beanDesc, JsonSerializer<Object> keySerializer,
                                                   TypeSerializer elementTypeSerializer,
                                                   JsonSerializer<Object> elementValueSerializer) {
            if (MessageQueue.class.isAssignableFrom(type.getKeyType().getRawClass())) {
                return serializer;
            }
            return null;
        }
    }
}
