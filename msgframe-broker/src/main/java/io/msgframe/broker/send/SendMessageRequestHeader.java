package io.msgframe.broker.send;

import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;

/**
 * The custom header of SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE (reference §2.5.1): one logical header
 * under two key sets. V1 uses field names ({@code producerGroup}, {@code topic} …), V2 and batch one letter each
 * ({@code a} … {@code n}).
 *
 * <p>The key set follows the request code, as RocketMQ decodes it; a request carrying only the other set is read
 * with that set (a lenient non-Java client must not fail on it). Only {@code topic} and {@code queueId} are
 * required; other fields missing from the header take the Java client's values ({@code TBW102}, 4 queues, 0).
 *
 * @param reconsumeTimes    0 when absent
 * @param maxReconsumeTimes null when absent (then the group's {@code retryMaxTimes} applies)
 */
public record SendMessageRequestHeader(String producerGroup, String topic, String defaultTopic,
                                       int defaultTopicQueueNums, int queueId, int sysFlag, long bornTimestamp,
                                       int flag, String properties, int reconsumeTimes, boolean unitMode,
                                       Integer maxReconsumeTimes, boolean batch, String brokerName) {
    static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;

    /** One header field: its V1 (field-name) key and its V2 (one-letter) key. */
    enum Field {
        PRODUCER_GROUP("producerGroup", "a"),
        TOPIC("topic", "b"),
        DEFAULT_TOPIC("defaultTopic", "c"),
        DEFAULT_TOPIC_QUEUE_NUMS("defaultTopicQueueNums", "d"),
        QUEUE_ID("queueId", "e"),
        SYS_FLAG("sysFlag", "f"),
        BORN_TIMESTAMP("bornTimestamp", "g"),
        FLAG("flag", "h"),
        PROPERTIES("properties", "i"),
        RECONSUME_TIMES("reconsumeTimes", "j"),
        UNIT_MODE("unitMode", "k"),
        MAX_RECONSUME_TIMES("maxReconsumeTimes", "l"),
        BATCH("batch", "m"),
        BROKER_NAME("bname", "n");

        final String v1;
        final String v2;

        Field(String v1, String v2) {
            this.v1 = v1;
            this.v2 = v2;
        }
    }

    /**
     * Reads the header of a send request.
     *
     * @throws ProtocolException (SYSTEM_ERROR, naming the field by both keys) when {@code topic} or {@code queueId}
     *                           is missing or a number does not parse
     */
    public static SendMessageRequestHeader parse(RemotingCommand request) {
        Keys keys = new Keys(request, usesShortKeys(request));
        boolean batchCode = request.code() == RequestCode.SEND_BATCH_MESSAGE;
        return new SendMessageRequestHeader(
                keys.string(Field.PRODUCER_GROUP),
                keys.required(Field.TOPIC),
                orDefault(keys.string(Field.DEFAULT_TOPIC), TopicNames.DEFAULT_TOPIC),
                keys.integer(Field.DEFAULT_TOPIC_QUEUE_NUMS, DEFAULT_TOPIC_QUEUE_NUMS),
                keys.requiredInteger(Field.QUEUE_ID),
                keys.integer(Field.SYS_FLAG, 0),
                keys.longValue(Field.BORN_TIMESTAMP, 0L),
                keys.integer(Field.FLAG, 0),
                keys.string(Field.PROPERTIES),
                keys.integer(Field.RECONSUME_TIMES, 0),
                keys.bool(Field.UNIT_MODE),
                keys.optionalInteger(Field.MAX_RECONSUME_TIMES),
                batchCode || keys.bool(Field.BATCH),
                keys.string(Field.BROKER_NAME));
    }

    /**
     * V2 keys for SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE, V1 keys for SEND_MESSAGE; unless the request only carries
     * the other set's topic key.
     */
    static boolean usesShortKeys(RemotingCommand request) {
        boolean shortByCode = request.code() == RequestCode.SEND_MESSAGE_V2
                || request.code() == RequestCode.SEND_BATCH_MESSAGE;
        if (shortByCode) {
            return !(request.ext(Field.TOPIC.v2) == null && request.ext(Field.TOPIC.v1) != null);
        }
        return request.ext(Field.TOPIC.v1) == null && request.ext(Field.TOPIC.v2) != null;
    }

    private static String orDefault(String value, String defaultValue) {
        return value == null || value.isEmpty() ? defaultValue : value;
    }

    /** Field access under one key set; errors name the field by both keys. */
    private record Keys(RemotingCommand request, boolean shortKeys) {

        String string(Field field) {
            return request.ext(shortKeys ? field.v2 : field.v1);
        }

        String required(Field field) {
            String value = string(field);
            if (value == null || value.isEmpty()) {
                throw new ProtocolException(ResponseCode.SYSTEM_ERROR,
                        "the send header field '" + field.v1 + "' ('" + field.v2 + "') is missing");
            }
            return value;
        }

        int requiredInteger(Field field) {
            return parseInt(field, required(field));
        }

        int integer(Field field, int defaultValue) {
            String value = string(field);
            return value == null || value.isEmpty() ? defaultValue : parseInt(field, value);
        }

        Integer optionalInteger(Field field) {
            String value = string(field);
            return value == null || value.isEmpty() ? null : parseInt(field, value);
        }

        long longValue(Field field, long defaultValue) {
            String value = string(field);
            if (value == null || value.isEmpty()) {
                return defaultValue;
            }
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw notANumber(field, value);
            }
        }

        /** RocketMQ's rule: "true" in any case is true, anything else (or nothing) false. */
        boolean bool(Field field) {
            String value = string(field);
            return value != null && Boolean.parseBoolean(value.trim());
        }

        private static int parseInt(Field field, String value) {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw notANumber(field, value);
            }
        }

        private static ProtocolException notANumber(Field field, String value) {
            return new ProtocolException(ResponseCode.SYSTEM_ERROR,
                    "the send header field '" + field.v1 + "' ('" + field.v2 + "') is not an integer: " + value);
        }
    }
}
