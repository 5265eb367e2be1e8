package io.msgframe.client;

/**
 * Base of every failure the client reports. Unchecked, so it travels through {@code CompletableFuture}s unchanged;
 * the subclasses say where it happened (which broker or name server, which request) and why.
 */
public class MsgFrameClientException extends RuntimeException {

    public MsgFrameClientException(String message) {
        super(message);
    }

    public MsgFrameClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
