package io.msgframe.client.producer;

/**
 * How a stored message was acknowledged (reference §2.5.1). Anything but {@link #SEND_OK} still means the broker
 * stored the message; only the sync flush or replication it was asked to wait for is unconfirmed.
 */
public enum SendStatus {
    SEND_OK,
    FLUSH_DISK_TIMEOUT,
    FLUSH_SLAVE_TIMEOUT,
    SLAVE_NOT_AVAILABLE
}
