package io.msgframe.client.producer;

import io.msgframe.client.InvalidMessageException;
import io.msgframe.client.MessageTooLargeException;
import io.msgframe.client.route.TopicRoutes;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.body.NameValidator;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.BatchBody;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.protocol.message.UniqueIdGenerator;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link Message}s into send requests as the Java producer does (reference §2.5.1, §4.3, §4.6): checks
 * (topic name, sendable topic, non-empty body, size), properties with TAGS, KEYS, WAIT=true, DELAY, the user's and
 * a fresh UNIQ_KEY, zlib compression of large single bodies, the one-letter V2 header, and the packed batch body.
 */
final class MessageEncoder {
    static final int COMPRESSED_ZLIB = SysFlag.COMPRESSED | SysFlag.COMPRESSION_ZLIB;
    private static final String BATCH_HEADER_PROPERTIES = MessageProperties.encode(
            Map.of(PropertyKeys.WAIT_STORE_MSG_OK, "true"));

    private final String group;
    private final int compressThresholdBytes;
    private final int maxMessageBytes;
    private final BodyCompressor compressor;
    private final UniqueIdGenerator ids;
    private final Clock clock;

    MessageEncoder(String group, int compressThresholdBytes, int compressLevel, int maxMessageBytes,
                   UniqueIdGenerator ids, Clock clock) {
        this.group = group;
        this.compressThresholdBytes = compressThresholdBytes;
        this.maxMessageBytes = maxMessageBytes;
        this.compressor = new BodyCompressor(compressLevel);
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Checks {@code message} and fixes its properties and UNIQ_KEY.
     *
     * @param compress whether a body at or over the threshold is compressed (never inside batches)
     * @throws InvalidMessageException (or {@link MessageTooLargeException}) when it may not be sent
     */
    PreparedMessage prepare(Message message, boolean compress) {
        checkTopic(message.topic());
        byte[] body = message.body();
        if (body.length == 0) {
            throw new InvalidMessageException("message to topic '" + message.topic() + "' has an empty body");
        }
        if (body.length > maxMessageBytes) {
            throw new MessageTooLargeException("message body to topic '" + message.topic() + "'", body.length,
                    maxMessageBytes);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (message.tags() != null) {
            properties.put(PropertyKeys.TAGS, message.tags());
        }
        if (!message.keys().isEmpty()) {
            properties.put(PropertyKeys.KEYS, String.join(PropertyKeys.KEY_SEPARATOR, message.keys()));
        }
        properties.put(PropertyKeys.WAIT_STORE_MSG_OK, "true");
        if (message.delayLevel() > 0) {
            properties.put(PropertyKeys.DELAY_TIME_LEVEL, Integer.toString(message.delayLevel()));
        } else if (message.deliverAtMs() >= 0) {
            properties.put(PropertyKeys.TIMER_DELIVER_MS, Long.toString(message.deliverAtMs()));
        } else if (message.deliverAfterMs() >= 0) {
            properties.put(PropertyKeys.TIMER_DELAY_MS, Long.toString(message.deliverAfterMs()));
        }
        properties.putAll(message.properties());
        String uniqKey = ids.next();
        properties.put(PropertyKeys.UNIQ_KEY, uniqKey);
        int sysFlag = 0;
        if (compress && body.length >= compressThresholdBytes) {
            byte[] compressed = compressor.compress(body);
            if (compressed.length < body.length) {
                body = compressed;
                sysFlag = COMPRESSED_ZLIB;
            }
        }
        return new PreparedMessage(message.topic(), uniqKey, MessageProperties.encode(properties), body, sysFlag,
                message.flag(), message.isDelayed());
    }

    /** SEND_MESSAGE_V2 of one message to {@code queue}. */
    RemotingCommand single(PreparedMessage message, MessageQueue queue) {
        return header(RequestCode.SEND_MESSAGE_V2, message.topic(), queue, message.sysFlag(), message.flag(),
                message.properties(), false).body(message.body());
    }

    /** SEND_BATCH_MESSAGE of {@code body} (from {@link #batchBody}) to {@code queue}. */
    RemotingCommand batch(String topic, byte[] body, MessageQueue queue) {
        return header(RequestCode.SEND_BATCH_MESSAGE, topic, queue, 0, 0, BATCH_HEADER_PROPERTIES, true).body(body);
    }

    /**
     * The packed batch (reference §4.6) of messages prepared without compression; checks the rules (one topic,
     * no delay, not a retry topic) and the size limit.
     */
    byte[] batchBody(List<PreparedMessage> messages) {
        if (messages.isEmpty()) {
            throw new InvalidMessageException("a batch needs at least one message");
        }
        String topic = messages.get(0).topic();
        if (TopicNames.isRetryTopic(topic)) {
            throw new InvalidMessageException("a batch may not go to retry topic '" + topic + "'");
        }
        long size = 0;
        for (PreparedMessage message : messages) {
            if (!message.topic().equals(topic)) {
                throw new InvalidMessageException("a batch goes to one topic; it has '" + topic + "' and '"
                        + message.topic() + "'");
            }
            if (message.delayed()) {
                throw new InvalidMessageException("a batch may not contain delayed messages (topic '" + topic + "')");
            }
            size += message.batchEntryBytes();
        }
        if (size > maxMessageBytes) {
            throw new MessageTooLargeException("batch of " + messages.size() + " messages to topic '" + topic + "'",
                    size, maxMessageBytes);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        for (PreparedMessage message : messages) {
            BatchBody.writeEntry(buffer, message.flag(), ByteBuffer.wrap(message.body()), message.properties());
        }
        return buffer.array();
    }

    private RemotingCommand header(int code, String topic, MessageQueue queue, int sysFlag, int flag,
                                   String properties, boolean batch) {
        return RemotingCommand.request(code)
                .ext("a", group)
                .ext("b", topic)
                .ext("c", TopicNames.DEFAULT_TOPIC)
                .ext("d", TopicRoutes.DEFAULT_TOPIC_QUEUE_NUMS)
                .ext("e", queue.queueId())
                .ext("f", sysFlag)
                .ext("g", clock.millis())
                .ext("h", flag)
                .ext("i", properties)
                .ext("j", 0)
                .ext("k", false)
                .ext("m", batch)
                .ext("n", queue.brokerName());
    }

    private static void checkTopic(String topic) {
        NameValidator.topicProblem(topic).ifPresent(problem -> {
            throw new InvalidMessageException(problem);
        });
        if (TopicNames.isNotSendable(topic)) {
            throw new InvalidMessageException("topic '" + topic + "' is a system topic clients may not send to");
        }
    }
}
