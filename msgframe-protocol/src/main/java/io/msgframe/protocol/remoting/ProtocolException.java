package io.msgframe.protocol.remoting;

/** A request that cannot be served as sent; becomes a response with {@link #responseCode()} and the message as remark. */
public final class ProtocolException extends RuntimeException {
    private final int responseCode;

    public ProtocolException(int responseCode, String message) {
        super(message);
        this.responseCode = responseCode;
    }

    public int responseCode() {
        return responseCode;
    }
}
