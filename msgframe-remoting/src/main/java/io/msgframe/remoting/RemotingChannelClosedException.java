package io.msgframe.remoting;

/** The connection closed (by either side, idle, or shutdown) while the request waited for its response. */
public final class RemotingChannelClosedException extends RemotingException {

    public RemotingChannelClosedException(String address, int requestCode) {
        super("connection to " + address + " closed before the response to request code " + requestCode
                + " arrived", address, requestCode, null);
    }
}
