package io.msgframe.protocol.body;

/** A topic's tag filter type, written by name (reference §2.2). Only informational for MsgFrame. */
public enum TopicFilterType {
    SINGLE_TAG,
    MULTI_TAG
}
