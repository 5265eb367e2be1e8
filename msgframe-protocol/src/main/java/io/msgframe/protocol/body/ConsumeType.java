package io.msgframe.protocol.body;

/** How a consumer group consumes, written by name (reference §2.6.1). */
public enum ConsumeType {
    /** Pull and lite-pull consumers. */
    CONSUME_ACTIVELY,
    /** Push consumers. */
    CONSUME_PASSIVELY,
    /** 5.x pop consumers. */
    CONSUME_POP
}
