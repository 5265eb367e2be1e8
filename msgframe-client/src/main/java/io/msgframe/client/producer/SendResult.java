package io.msgframe.client.producer;

import io.msgframe.protocol.body.MessageQueue;

/**
 * What the broker answered for a stored message (or batch).
 *
 * @param status      how the store acknowledged it
 * @param msgId       the message's UNIQ_KEY (for a batch sent with {@code send(Collection)}: every UNIQ_KEY, joined
 *                    by {@code ,})
 * @param offsetMsgId the broker's offset id (store host + commit-log offset); for a batch all of them joined by
 *                    {@code ,}
 * @param queue       topic, broker name and queue id written
 * @param queueOffset consume-queue offset of the message (of a batch: its first message)
 */
public record SendResult(SendStatus status, String msgId, String offsetMsgId, MessageQueue queue,
                         long queueOffset) {
}
