package io.msgframe.remoting;

import io.netty.util.concurrent.FastThreadLocalThread;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads named {@code <prefix>-1}, {@code <prefix>-2}, … so a thread dump says what each thread does. They are
 * {@link FastThreadLocalThread}s, which Netty's event loops and pooled allocator serve fastest.
 */
public final class NamedThreadFactory implements ThreadFactory {
    private final String prefix;
    private final boolean daemon;
    private final AtomicInteger next = new AtomicInteger(1);

    public NamedThreadFactory(String prefix, boolean daemon) {
        this.prefix = prefix;
        this.daemon = daemon;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new FastThreadLocalThread(task, prefix + "-" + next.getAndIncrement());
        thread.setDaemon(daemon);
        return thread;
    }
}
