package io.msgframe.protocol.body;

/** Bits of a topic's {@code topicSysFlag} (reference §6.6); 0 for ordinary topics. */
public final class TopicSysFlag {
    /** Unit topic. */
    public static final int UNIT = 0x1;
    /** Has a unit subscription. */
    public static final int UNIT_SUB = 0x2;

    private TopicSysFlag() {
    }

    public static int of(boolean unit, boolean hasUnitSub) {
        return (unit ? UNIT : 0) | (hasUnitSub ? UNIT_SUB : 0);
    }

    public static boolean isUnit(int sysFlag) {
        return (sysFlag & UNIT) == UNIT;
    }

    public static boolean hasUnitSub(int sysFlag) {
        return (sysFlag & UNIT_SUB) == UNIT_SUB;
    }

    public static int withUnit(int sysFlag) {
        return sysFlag | UNIT;
    }

    public static int withoutUnit(int sysFlag) {
        return sysFlag & ~UNIT;
    }

    public static int withUnitSub(int sysFlag) {
        return sysFlag | UNIT_SUB;
    }

    public static int withoutUnitSub(int sysFlag) {
        return sysFlag & ~UNIT_SUB;
    }
}
