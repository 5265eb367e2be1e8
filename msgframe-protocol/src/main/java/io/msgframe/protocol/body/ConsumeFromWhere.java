package io.msgframe.protocol.body;

/**
 * Where a group with no committed offset starts, written by name (reference §2.6.1). The three middle constants
 * are deprecated in RocketMQ but still accepted from clients.
 */
public enum ConsumeFromWhere {
    CONSUME_FROM_LAST_OFFSET,
    CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST,
    CONSUME_FROM_MIN_OFFSET,
    CONSUME_FROM_MAX_OFFSET,
    CONSUME_FROM_FIRST_OFFSET,
    CONSUME_FROM_TIMESTAMP
}
