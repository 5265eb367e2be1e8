package io.msgframe.remoting;

/**
 * An invocation that did not get its response. Unchecked, so it travels through {@code CompletableFuture}
 * unchanged and {@link RemotingClient#invokeSync} callers choose where to handle it. The message names the peer
 * address and the request code; the subclasses say why.
 */
public class RemotingException extends RuntimeException {
    private final String address;
    private final int requestCode;

    public RemotingException(String message, String address, int requestCode, Throwable cause) {
        super(message, cause);
        this.address = address;
        this.requestCode = requestCode;
    }

    /** "host:port" of the peer the request was for. */
    public String address() {
        return address;
    }

    public int requestCode() {
        return requestCode;
    }
}
