package io.msgframe.protocol.remoting;

/** Response codes (reference §3). */
public final class ResponseCode {
    public static final int SUCCESS = 0;
    public static final int SYSTEM_ERROR = 1;
    public static final int SYSTEM_BUSY = 2;
    public static final int REQUEST_CODE_NOT_SUPPORTED = 3;
    public static final int FLUSH_DISK_TIMEOUT = 10;
    public static final int SLAVE_NOT_AVAILABLE = 11;
    public static final int FLUSH_SLAVE_TIMEOUT = 12;
    public static final int MESSAGE_ILLEGAL = 13;
    public static final int SERVICE_NOT_AVAILABLE = 14;
    public static final int NO_PERMISSION = 16;
    public static final int TOPIC_NOT_EXIST = 17;
    public static final int PULL_NOT_FOUND = 19;
    public static final int PULL_RETRY_IMMEDIATELY = 20;
    public static final int PULL_OFFSET_MOVED = 21;
    public static final int QUERY_NOT_FOUND = 22;
    public static final int SUBSCRIPTION_PARSE_FAILED = 23;
    public static final int SUBSCRIPTION_NOT_EXIST = 24;
    public static final int SUBSCRIPTION_NOT_LATEST = 25;
    public static final int SUBSCRIPTION_GROUP_NOT_EXIST = 26;
    public static final int INVALID_PARAMETER = 29;
    public static final int CONSUMER_NOT_ONLINE = 206;
    public static final int CONSUME_MSG_TIMEOUT = 207;
    public static final int FLOW_CONTROL = 215;
    /**
     * MsgFrame idempotent producer: the send's sequence is past the next one expected on that queue (a gap); the
     * remark names the expected and the received sequence. Nothing was stored. Outside RocketMQ's ranges.
     */
    public static final int OUT_OF_ORDER_SEQUENCE = 4601;
    /** MsgFrame idempotent producer: a sequence older than the remembered appends (or overlapping one); not stored. */
    public static final int SEQUENCE_TOO_OLD = 4602;
    /** MsgFrame idempotent producer: the send's epoch is older than the one the broker knows for that queue. */
    public static final int PRODUCER_FENCED = 4603;

    private ResponseCode() {
    }
}
