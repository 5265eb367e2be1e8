package io.msgframe.protocol.message;

/** Property names RocketMQ reserves (reference §4.3). Every other name is a user property. */
public final class PropertyKeys {
    public static final String TAGS = "TAGS";
    public static final String KEYS = "KEYS";
    /** Separator of the words in {@link #KEYS}. */
    public static final String KEY_SEPARATOR = " ";
    public static final String WAIT_STORE_MSG_OK = "WAIT";
    public static final String DELAY_TIME_LEVEL = "DELAY";
    public static final String UNIQ_KEY = "UNIQ_KEY";
    public static final String TRANSACTION_PREPARED = "TRAN_MSG";
    public static final String PRODUCER_GROUP = "PGROUP";
    public static final String REAL_TOPIC = "REAL_TOPIC";
    public static final String REAL_QUEUE_ID = "REAL_QID";
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    public static final String RECONSUME_TIME = "RECONSUME_TIME";
    public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    public static final String MIN_OFFSET = "MIN_OFFSET";
    public static final String MAX_OFFSET = "MAX_OFFSET";
    public static final String CONSUME_START_TIME = "CONSUME_START_TIME";
    public static final String CLUSTER = "CLUSTER";
    public static final String MSG_REGION = "MSG_REGION";
    public static final String TRACE_SWITCH = "TRACE_ON";
    public static final String TRANSACTION_ID = "__transactionId__";
    public static final String TRANSACTION_CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    public static final String CHECK_IMMUNITY_TIME_IN_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";
    public static final String TRANSACTION_PREPARED_QUEUE_OFFSET = "TRAN_PREPARED_QUEUE_OFFSET";
    public static final String INSTANCE_ID = "INSTANCE_ID";
    public static final String CORRELATION_ID = "CORRELATION_ID";
    public static final String REPLY_TO_CLIENT = "REPLY_TO_CLIENT";
    public static final String MESSAGE_TTL = "TTL";
    public static final String MESSAGE_TYPE = "MSG_TYPE";
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";
    public static final String TIMER_OUT_MS = "TIMER_OUT_MS";
    public static final String TIMER_ENQUEUE_MS = "TIMER_ENQUEUE_MS";
    public static final String TIMER_DEQUEUE_MS = "TIMER_DEQUEUE_MS";
    public static final String TIMER_ROLL_TIMES = "TIMER_ROLL_TIMES";
    public static final String TIMER_DEL_UNIQKEY = "TIMER_DEL_UNIQKEY";
    public static final String TIMER_DELAY_LEVEL = "TIMER_DELAY_LEVEL";
    public static final String INNER_NUM = "INNER_NUM";
    public static final String INNER_BASE = "INNER_BASE";
    public static final String SHARDING_KEY = "__SHARDINGKEY";
    public static final String DLQ_ORIGIN_TOPIC = "DLQ_ORIGIN_TOPIC";
    public static final String DLQ_ORIGIN_MESSAGE_ID = "DLQ_ORIGIN_MESSAGE_ID";
    /** MsgFrame: JMS priority 0–9. */
    public static final String PRIORITY = "PRIORITY";
    /** MsgFrame: JMSXGroupID-style message group. */
    public static final String MESSAGE_GROUP = "MSG_GROUP";
    /** MsgFrame idempotent producer: the producer id (decimal 64-bit) of a sequenced send. */
    public static final String PRODUCER_ID = "__MF_PID";
    /** MsgFrame idempotent producer: the epoch of the producer's sequence on this queue (a bump restarts at 0). */
    public static final String PRODUCER_EPOCH = "__MF_EPOCH";
    /** MsgFrame idempotent producer: the first sequence of the send (single or batch) this record belongs to. */
    public static final String PRODUCER_SEQUENCE = "__MF_SEQ";
    /** MsgFrame idempotent producer: how many messages that send holds (absent: 1). */
    public static final String PRODUCER_SEQUENCE_COUNT = "__MF_SEQN";

    private PropertyKeys() {
    }
}
