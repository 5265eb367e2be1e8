package io.msgframe.client;

/** The broker did not answer within the request's timeout; the request may or may not have been processed. */
public final class BrokerTimeoutException extends BrokerException {
    private final long timeoutMs;

    public BrokerTimeoutException(String brokerName, String brokerAddress, int requestCode, long timeoutMs,
                                  Throwable cause) {
        super(brokerName, brokerAddress, requestCode, "no response within " + timeoutMs + " ms", cause);
        this.timeoutMs = timeoutMs;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    @Override
    public boolean isTransportFailure() {
        return true;
    }
}
