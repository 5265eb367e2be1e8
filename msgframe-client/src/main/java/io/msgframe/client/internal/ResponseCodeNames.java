package io.msgframe.client.internal;

import io.msgframe.protocol.remoting.ResponseCode;

/** Names of response codes (reference §3), for exception messages. */
public final class ResponseCodeNames {

    private ResponseCodeNames() {
    }

    public static String of(int code) {
        return switch (code) {
            case ResponseCode.SUCCESS -> "SUCCESS";
            case ResponseCode.SYSTEM_ERROR -> "SYSTEM_ERROR";
            case ResponseCode.SYSTEM_BUSY -> "SYSTEM_BUSY";
            case ResponseCode.REQUEST_CODE_NOT_SUPPORTED -> "REQUEST_CODE_NOT_SUPPORTED";
            case ResponseCode.FLUSH_DISK_TIMEOUT -> "FLUSH_DISK_TIMEOUT";
            case ResponseCode.SLAVE_NOT_AVAILABLE -> "SLAVE_NOT_AVAILABLE";
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> "FLUSH_SLAVE_TIMEOUT";
            case ResponseCode.MESSAGE_ILLEGAL -> "MESSAGE_ILLEGAL";
            case ResponseCode.SERVICE_NOT_AVAILABLE -> "SERVICE_NOT_AVAILABLE";
            case ResponseCode.NO_PERMISSION -> "NO_PERMISSION";
            case ResponseCode.TOPIC_NOT_EXIST -> "TOPIC_NOT_EXIST";
            case ResponseCode.INVALID_PARAMETER -> "INVALID_PARAMETER";
            case ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST -> "SUBSCRIPTION_GROUP_NOT_EXIST";
            case ResponseCode.PULL_NOT_FOUND -> "PULL_NOT_FOUND";
            case ResponseCode.PULL_RETRY_IMMEDIATELY -> "PULL_RETRY_IMMEDIATELY";
            case ResponseCode.PULL_OFFSET_MOVED -> "PULL_OFFSET_MOVED";
            case ResponseCode.QUERY_NOT_FOUND -> "QUERY_NOT_FOUND";
            default -> "code";
        };
    }
}
