package io.msgframe.broker.pull;

/** Bits of a pull request's {@code sysFlag} (reference §2.7.1). */
public final class PullSysFlag {
    /** The request carries the consumer's offset to commit ({@code commitOffset}). */
    public static final int COMMIT_OFFSET = 0x1;
    /** Hold the request while nothing is new (long polling). */
    public static final int SUSPEND = 0x2;
    /** The request carries its subscription ({@code subscription}, {@code expressionType}). */
    public static final int SUBSCRIPTION = 0x4;
    /** Legacy class filter; never set by current clients, ignored. */
    public static final int CLASS_FILTER = 0x8;
    /** Sent by DefaultLitePullConsumer; handled like any pull. */
    public static final int LITE_PULL = 0x10;

    private PullSysFlag() {
    }

    public static boolean hasCommitOffset(int sysFlag) {
        return (sysFlag & COMMIT_OFFSET) != 0;
    }

    public static boolean hasSuspend(int sysFlag) {
        return (sysFlag & SUSPEND) != 0;
    }

    public static boolean hasSubscription(int sysFlag) {
        return (sysFlag & SUBSCRIPTION) != 0;
    }

    public static boolean hasClassFilter(int sysFlag) {
        return (sysFlag & CLASS_FILTER) != 0;
    }

    public static boolean hasLitePull(int sysFlag) {
        return (sysFlag & LITE_PULL) != 0;
    }
}
