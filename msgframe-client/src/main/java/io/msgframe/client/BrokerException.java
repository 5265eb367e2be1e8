package io.msgframe.client;

import io.msgframe.client.internal.RequestNames;

/**
 * A request to one broker failed. Names the broker (name and address) and the request; the subclasses say why:
 * the broker refused it ({@link BrokerResponseException}), did not answer in time ({@link BrokerTimeoutException}),
 * or could not be reached ({@link BrokerConnectionException}).
 */
public abstract class BrokerException extends MsgFrameClientException {
    private final String brokerName;
    private final String brokerAddress;
    private final int requestCode;

    protected BrokerException(String brokerName, String brokerAddress, int requestCode, String why,
                              Throwable cause) {
        super("broker " + brokerName + " (" + brokerAddress + "), " + RequestNames.of(requestCode) + ": " + why,
                cause);
        this.brokerName = brokerName;
        this.brokerAddress = brokerAddress;
        this.requestCode = requestCode;
    }

    public String brokerName() {
        return brokerName;
    }

    /** "host:port" of the broker the request went to. */
    public String brokerAddress() {
        return brokerAddress;
    }

    public int requestCode() {
        return requestCode;
    }

    /** True when the failure came from the network (timeout, connection), not from the broker's answer. */
    public abstract boolean isTransportFailure();
}
