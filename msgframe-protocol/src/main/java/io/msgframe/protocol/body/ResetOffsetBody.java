package io.msgframe.protocol.body;

import java.util.Map;

/**
 * Body of RESET_CONSUMER_CLIENT_OFFSET (broker → client) and of the INVOKE_BROKER_TO_RESET_OFFSET response
 * (reference §2.9.3, §2.14.9): new offsets per queue, keyed by {@link MessageQueue} written as JSON objects.
 */
public record ResetOffsetBody(Map<MessageQueue, Long> offsetTable) {

    public ResetOffsetBody {
        offsetTable = Copies.map(offsetTable);
    }
}
