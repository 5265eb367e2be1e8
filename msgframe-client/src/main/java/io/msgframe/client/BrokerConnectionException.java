package io.msgframe.client;

/** The broker could not be reached, or the connection failed before its answer arrived. */
public final class BrokerConnectionException extends BrokerException {

    public BrokerConnectionException(String brokerName, String brokerAddress, int requestCode, String why,
                                     Throwable cause) {
        super(brokerName, brokerAddress, requestCode, why, cause);
    }

    @Override
    public boolean isTransportFailure() {
        return true;
    }
}
