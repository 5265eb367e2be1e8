package io.msgframe.client.producer;

/** Result of an asynchronous send; runs on a client callback thread, never on an I/O thread. */
public interface SendCallback {

    void onSuccess(SendResult result);

    /** {@code error} is a {@link io.msgframe.client.MsgFrameClientException} naming the broker and why. */
    void onException(Throwable error);
}
