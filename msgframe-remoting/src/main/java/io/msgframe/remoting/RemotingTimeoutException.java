package io.msgframe.remoting;

/** No response arrived within the request's timeout. */
public final class RemotingTimeoutException extends RemotingException {

    public RemotingTimeoutException(String address, int requestCode, long timeoutMs) {
        super("no response from " + address + " to request code " + requestCode + " within " + timeoutMs + " ms",
                address, requestCode, null);
    }
}
