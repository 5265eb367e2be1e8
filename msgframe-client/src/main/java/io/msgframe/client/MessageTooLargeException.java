package io.msgframe.client;

/** A message (or batch) larger than the producer's {@code maxMessageBytes}; checked before sending. */
public final class MessageTooLargeException extends InvalidMessageException {
    private final long sizeBytes;
    private final long limitBytes;

    public MessageTooLargeException(String what, long sizeBytes, long limitBytes) {
        super(what + " is " + sizeBytes + " bytes, larger than the limit of " + limitBytes
                + " bytes (maxMessageBytes)");
        this.sizeBytes = sizeBytes;
        this.limitBytes = limitBytes;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
