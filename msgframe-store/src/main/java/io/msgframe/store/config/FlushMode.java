package io.msgframe.store.config;

/** When an append is acknowledged: once in the page cache (ASYNC) or once forced to disk (SYNC). */
public enum FlushMode {
    ASYNC,
    SYNC;

    /** Accepts MsgFrame's names and RocketMQ's {@code ASYNC_FLUSH} / {@code SYNC_FLUSH}. */
    public static FlushMode parse(String text) {
        String v = text.trim().toUpperCase(java.util.Locale.ROOT);
        return switch (v) {
            case "ASYNC", "ASYNC_FLUSH" -> ASYNC;
            case "SYNC", "SYNC_FLUSH" -> SYNC;
            default -> throw new IllegalArgumentException(text);
        };
    }
}
