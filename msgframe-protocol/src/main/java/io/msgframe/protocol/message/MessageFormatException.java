package io.msgframe.protocol.message;

/** A message that cannot be written in RocketMQ's record format; {@link #reason()} says which rule it broke. */
public final class MessageFormatException extends RuntimeException {

    public enum Reason {
        TOPIC_TOO_LONG,
        PROPERTIES_TOO_LARGE,
        BODY_TOO_LARGE,
        MALFORMED_BATCH
    }

    private final Reason reason;

    public MessageFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
