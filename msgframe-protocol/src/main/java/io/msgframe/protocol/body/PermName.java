package io.msgframe.protocol.body;

/**
 * Permission bits of a topic, of a route's {@link QueueData} and of a broker (reference §6.5). READ puts queues
 * in subscribers' sets and allows pulls; WRITE puts them in publishers' sets and allows sends; INHERIT marks an
 * auto-create template ({@code TBW102}, perm 7). PRIORITY is defined by RocketMQ but unused by routing.
 */
public final class PermName {
    public static final int PRIORITY = 0x8;
    public static final int READ = 0x4;
    public static final int WRITE = 0x2;
    public static final int INHERIT = 0x1;
    /** The default: readable and writable. */
    public static final int READ_WRITE = READ | WRITE;

    private PermName() {
    }

    public static boolean isReadable(int perm) {
        return (perm & READ) == READ;
    }

    public static boolean isWriteable(int perm) {
        return (perm & WRITE) == WRITE;
    }

    public static boolean isInherited(int perm) {
        return (perm & INHERIT) == INHERIT;
    }

    /** A perm a topic may be given: any combination of READ, WRITE and INHERIT (0..7). */
    public static boolean isValid(int perm) {
        return perm >= 0 && perm <= (READ | WRITE | INHERIT);
    }

    /** {@code perm} with WRITE cleared, as WIPE_WRITE_PERM_OF_BROKER does (reference §2.3.6). */
    public static int withoutWrite(int perm) {
        return perm & ~WRITE;
    }

    /** {@code perm} with INHERIT cleared: what a topic auto-created from a template gets (reference §6.3). */
    public static int withoutInherit(int perm) {
        return perm & ~INHERIT;
    }

    /** RocketMQ's display form: {@code R}, {@code W}, {@code X} in three positions, {@code -} when unset. */
    public static String toDisplayString(int perm) {
        return new String(new char[] {
            isReadable(perm) ? 'R' : '-',
            isWriteable(perm) ? 'W' : '-',
            isInherited(perm) ? 'X' : '-'});
    }
}
