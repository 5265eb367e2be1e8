package io.msgframe.client.internal;

import io.msgframe.protocol.remoting.RequestCode;

/** Names of the request codes the client sends, for exception messages and logs. */
public final class RequestNames {

    private RequestNames() {
    }

    /** e.g. {@code SEND_MESSAGE_V2 (310)}. */
    public static String of(int code) {
        String name = switch (code) {
            case RequestCode.SEND_MESSAGE -> "SEND_MESSAGE";
            case RequestCode.SEND_MESSAGE_V2 -> "SEND_MESSAGE_V2";
            case RequestCode.SEND_BATCH_MESSAGE -> "SEND_BATCH_MESSAGE";
            case RequestCode.HEART_BEAT -> "HEART_BEAT";
            case RequestCode.UNREGISTER_CLIENT -> "UNREGISTER_CLIENT";
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> "GET_ROUTEINFO_BY_TOPIC";
            case RequestCode.PULL_MESSAGE -> "PULL_MESSAGE";
            case RequestCode.QUERY_CONSUMER_OFFSET -> "QUERY_CONSUMER_OFFSET";
            case RequestCode.UPDATE_CONSUMER_OFFSET -> "UPDATE_CONSUMER_OFFSET";
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> "SEARCH_OFFSET_BY_TIMESTAMP";
            case RequestCode.GET_MAX_OFFSET -> "GET_MAX_OFFSET";
            case RequestCode.GET_MIN_OFFSET -> "GET_MIN_OFFSET";
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> "GET_CONSUMER_LIST_BY_GROUP";
            case RequestCode.LOCK_BATCH_MQ -> "LOCK_BATCH_MQ";
            case RequestCode.UNLOCK_BATCH_MQ -> "UNLOCK_BATCH_MQ";
            default -> "request";
        };
        return name + " (" + code + ")";
    }
}
