package io.msgframe.client;

/** A message the client refuses to send (bad topic name, empty body, mixed batch, …); nothing was sent. */
public class InvalidMessageException extends MsgFrameClientException {

    public InvalidMessageException(String message) {
        super(message);
    }
}
