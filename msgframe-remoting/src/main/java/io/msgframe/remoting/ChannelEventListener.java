package io.msgframe.remoting;

/** Connection life-cycle events, delivered off the event loop. */
public interface ChannelEventListener {

    default void onConnect(RemotingChannel channel) {
    }

    /** The connection closed (by either side, after an error, or idle). */
    default void onClose(RemotingChannel channel) {
    }

    default void onIdle(RemotingChannel channel) {
    }

    default void onException(RemotingChannel channel, Throwable cause) {
    }
}
