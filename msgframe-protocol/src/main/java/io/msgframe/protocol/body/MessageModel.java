package io.msgframe.protocol.body;

/** Whether a group's members share the queues or each reads all of them, written by name (reference §2.6.1). */
public enum MessageModel {
    BROADCASTING,
    CLUSTERING
}
