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
            default -> "request";
        };
        return name + " (" + code + ")";
    }
}
