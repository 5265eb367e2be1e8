package io.msgframe.protocol.body;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import java.io.IOException;

/**
 * Reads a {@link MessageQueue} map key. By the time Jackson sees it the key is a string: either it was sent as a
 * JSON string holding the queue's JSON (older RocketMQ servers), or it was a JSON object that
 * {@link FastjsonKeyNormalizer} turned into such a string. Either way the text is parsed as a MessageQueue object.
 */
final class MessageQueueKeyDeserializer extends KeyDeserializer {
    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
        String trimmed = key.strip();
        if (!trimmed.startsWith("{")) {
            return ctxt.handleWeirdKey(MessageQueue.class, key, "a message queue key must be a JSON object");
        }
        try (JsonParser parser = ctxt.getParser().getCodec().getFactory().createParser(trimmed)) {
            parser.setCodec(ctxt.getParser().getCodec());
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return ctxt.handleWeirdKey(MessageQueue.class, key, "a message queue key must be a JSON object");
            }
            MessageQueue queue = ctxt.readValue(parser, MessageQueue.class);
            if (parser.nextToken() != null) {
                return ctxt.handleWeirdKey(MessageQueue.class, key, "trailing text after the message queue object");
            }
            return queue;
        }
    }
}
