package io.msgframe.protocol.body;

/**
 * Version stamp of a broker's topic or group configuration (reference §2.2): equal in all members means
 * unchanged. {@code stateVersion} is a 5.x addition that 4.9.x readers ignore.
 */
public record DataVersion(long stateVersion, long timestamp, long counter) {
    /** All zero: stands for a version a peer did not send. */
    public static final DataVersion NONE = new DataVersion(0, 0, 0);

    public static DataVersion initial(long nowMs) {
        return new DataVersion(0, nowMs, 0);
    }

    /** The version after one more change at {@code nowMs}. */
    public DataVersion next(long nowMs) {
        return new DataVersion(stateVersion, nowMs, counter + 1);
    }
}
