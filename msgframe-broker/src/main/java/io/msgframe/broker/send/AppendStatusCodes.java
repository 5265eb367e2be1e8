package io.msgframe.broker.send;

import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;

/**
 * The store's append outcome as a send response code and remark, RocketMQ's mapping (reference §2.5.1): the two
 * written statuses keep the response header; every other one is an error the producer sees as
 * {@code MQBrokerException(code, remark)} (14 and 1 are in its retry set, 13 is not).
 */
final class AppendStatusCodes {
    static final String ILLEGAL_REMARK = "the message is illegal, maybe msg body or properties length not matched";
    static final String NOT_AVAILABLE_REMARK = "service not available now. It may be caused by one of the following"
            + " reasons: the broker's disk is full, messages are put to the slave, message store has been shut down";

    private AppendStatusCodes() {
    }

    static int responseCode(AppendStatus status) {
        return switch (status) {
            case PUT_OK -> ResponseCode.SUCCESS;
            case FLUSH_DISK_TIMEOUT -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> ResponseCode.MESSAGE_ILLEGAL;
            case DISK_FULL, SERVICE_NOT_AVAILABLE -> ResponseCode.SERVICE_NOT_AVAILABLE;
            case CREATE_SEGMENT_FAILED, UNKNOWN_ERROR -> ResponseCode.SYSTEM_ERROR;
        };
    }

    /** The remark of a response: null for PUT_OK, RocketMQ's text plus the store's reason otherwise. */
    static String remark(AppendResult result) {
        String why = result.error() == null ? "" : ": " + result.error();
        return switch (result.status()) {
            case PUT_OK -> null;
            case FLUSH_DISK_TIMEOUT -> "flush disk timeout" + why;
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> ILLEGAL_REMARK + why;
            case DISK_FULL, SERVICE_NOT_AVAILABLE -> NOT_AVAILABLE_REMARK + why;
            case CREATE_SEGMENT_FAILED -> "create mapped file failed, server is busy or broken" + why;
            case UNKNOWN_ERROR -> "UNKNOWN_ERROR" + why;
        };
    }
}
