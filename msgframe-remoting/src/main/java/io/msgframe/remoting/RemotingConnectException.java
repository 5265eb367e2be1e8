package io.msgframe.remoting;

/** The connection the request needed could not be opened. */
public final class RemotingConnectException extends RemotingException {

    public RemotingConnectException(String address, int requestCode, Throwable cause) {
        super("cannot connect to " + address + " for request code " + requestCode + ": " + cause, address,
                requestCode, cause);
    }
}
