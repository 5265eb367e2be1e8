package io.msgframe.client;

import io.msgframe.client.internal.ResponseCodeNames;

/** The broker answered with an error code: the code, its name and the broker's remark are in the message. */
public final class BrokerResponseException extends BrokerException {
    private final int responseCode;
    private final String remark;

    public BrokerResponseException(String brokerName, String brokerAddress, int requestCode, int responseCode,
                                   String remark) {
        super(brokerName, brokerAddress, requestCode, "refused with " + ResponseCodeNames.of(responseCode)
                + " (" + responseCode + ")" + (remark == null || remark.isEmpty() ? "" : ": " + remark), null);
        this.responseCode = responseCode;
        this.remark = remark;
    }

    public int responseCode() {
        return responseCode;
    }

    /** The broker's explanation, or null. */
    public String remark() {
        return remark;
    }

    @Override
    public boolean isTransportFailure() {
        return false;
    }
}
