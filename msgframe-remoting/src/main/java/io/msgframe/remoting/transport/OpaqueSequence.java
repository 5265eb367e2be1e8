package io.msgframe.remoting.transport;

import java.util.concurrent.atomic.AtomicInteger;

/** Request ids: one process-wide counter from 0, wrapping, as the Java client does (reference §1.5). */
public final class OpaqueSequence {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private OpaqueSequence() {
    }

    public static int next() {
        return NEXT.getAndIncrement();
    }
}
