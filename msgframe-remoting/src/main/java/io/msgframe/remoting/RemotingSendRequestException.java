package io.msgframe.remoting;

/** The request could not be written to the connection (or the caller gave up waiting, see the message). */
public final class RemotingSendRequestException extends RemotingException {

    public RemotingSendRequestException(String address, int requestCode, String why, Throwable cause) {
        super("cannot send request code " + requestCode + " to " + address + ": " + why, address, requestCode,
                cause);
    }
}
