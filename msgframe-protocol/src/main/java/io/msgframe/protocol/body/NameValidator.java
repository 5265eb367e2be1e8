package io.msgframe.protocol.body;

import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;
import java.util.Optional;

/**
 * Topic and group name rules (reference §6.7), as RocketMQ 5.x brokers apply them: characters
 * {@code %|-_0-9A-Za-z} only; topics at most {@value #TOPIC_MAX_LENGTH} characters, retry and dead-letter topics
 * at most {@value #RETRY_OR_DLQ_TOPIC_MAX_LENGTH}; groups at most {@value #GROUP_MAX_LENGTH} (so that
 * {@code %RETRY%<group>} stays a valid topic).
 */
public final class NameValidator {
    public static final int TOPIC_MAX_LENGTH = 127;
    public static final int RETRY_OR_DLQ_TOPIC_MAX_LENGTH = 255;
    public static final int GROUP_MAX_LENGTH = 120;
    public static final String ALLOWED_CHARACTERS = "^[%|a-zA-Z0-9_-]+$";

    private NameValidator() {
    }

    /** Why {@code topic} is not a valid topic name, or empty if it is. */
    public static Optional<String> topicProblem(String topic) {
        if (topic == null || topic.isBlank()) {
            return Optional.of("The specified topic is blank.");
        }
        if (hasIllegalCharacter(topic)) {
            return Optional.of("The specified topic: " + topic + ", contains illegal characters, allowing only "
                    + ALLOWED_CHARACTERS);
        }
        boolean retryOrDlq = TopicNames.isRetryTopic(topic) || TopicNames.isDlqTopic(topic);
        int max = retryOrDlq ? RETRY_OR_DLQ_TOPIC_MAX_LENGTH : TOPIC_MAX_LENGTH;
        if (topic.length() > max) {
            return Optional.of("The specified topic" + (retryOrDlq ? " is a retry or DLQ topic and" : "")
                    + " is " + topic.length() + " characters long, longer than the max length " + max + ": "
                    + abbreviate(topic));
        }
        return Optional.empty();
    }

    /** Why {@code group} is not a valid group name, or empty if it is. */
    public static Optional<String> groupProblem(String group) {
        if (group == null || group.isBlank()) {
            return Optional.of("The specified group is blank.");
        }
        if (hasIllegalCharacter(group)) {
            return Optional.of("The specified group: " + group + ", contains illegal characters, allowing only "
                    + ALLOWED_CHARACTERS);
        }
        if (group.length() > GROUP_MAX_LENGTH) {
            return Optional.of("The specified group is " + group.length()
                    + " characters long, longer than the max length " + GROUP_MAX_LENGTH + ": " + abbreviate(group));
        }
        return Optional.empty();
    }

    /** @throws ProtocolException (INVALID_PARAMETER, the problem as remark) if the topic name is invalid */
    public static void requireValidTopic(String topic) {
        topicProblem(topic).ifPresent(problem -> {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, problem);
        });
    }

    /** @throws ProtocolException (INVALID_PARAMETER, the problem as remark) if the group name is invalid */
    public static void requireValidGroup(String group) {
        groupProblem(group).ifPresent(problem -> {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, problem);
        });
    }

    /** True if a character is outside {@code %|-_0-9A-Za-z} (anything non-ASCII included). */
    public static boolean hasIllegalCharacter(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '%' || c == '|' || c == '-' || c == '_';
            if (!allowed) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }
}
