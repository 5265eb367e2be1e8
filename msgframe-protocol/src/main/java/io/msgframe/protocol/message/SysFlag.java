package io.msgframe.protocol.message;

/**
 * Bits of a record's SYSFLAG field, as RocketMQ defines them (reference §4.2).
 * Bits 2–3 hold the transaction type; bits 8–10 the compression type.
 */
public final class SysFlag {
    public static final int COMPRESSED = 0x1;
    public static final int MULTI_TAGS = 0x2;
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_PREPARED_TYPE = 0x4;
    public static final int TRANSACTION_COMMIT_TYPE = 0x8;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0xC;
    public static final int BORNHOST_V6 = 0x10;
    public static final int STOREHOST_V6 = 0x20;
    public static final int NEED_UNWRAP = 0x40;
    public static final int INNER_BATCH = 0x80;
    public static final int COMPRESSION_TYPE_MASK = 0x700;
    public static final int COMPRESSION_LZ4 = 0x100;
    public static final int COMPRESSION_ZSTD = 0x200;
    public static final int COMPRESSION_ZLIB = 0x300;

    private static final int TRANSACTION_MASK = 0xC;

    private SysFlag() {
    }

    public static int transactionType(int sysFlag) {
        return sysFlag & TRANSACTION_MASK;
    }

    public static int withTransactionType(int sysFlag, int type) {
        return (sysFlag & ~TRANSACTION_MASK) | type;
    }

    /** Only normal and committed records enter consume queues (reference §4.2). */
    public static boolean isDispatchedToConsumeQueue(int sysFlag) {
        int type = transactionType(sysFlag);
        return type == TRANSACTION_NOT_TYPE || type == TRANSACTION_COMMIT_TYPE;
    }

    public static int bornHostLength(int sysFlag) {
        return (sysFlag & BORNHOST_V6) == 0 ? 8 : 20;
    }

    public static int storeHostLength(int sysFlag) {
        return (sysFlag & STOREHOST_V6) == 0 ? 8 : 20;
    }
}
