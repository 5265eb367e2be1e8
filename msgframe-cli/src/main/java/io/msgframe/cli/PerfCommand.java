package io.msgframe.cli;

import io.msgframe.client.consumer.PullConsumer;
import io.msgframe.client.consumer.ReceivedMessage;
import io.msgframe.client.producer.Message;
import io.msgframe.client.producer.Producer;
import io.msgframe.protocol.body.ConsumeFromWhere;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code msgframe perf produce|consume}: load through MsgFrame's own client, with latency percentiles from
 * HdrHistogram. Every run is bounded by a message count and a time limit. (Issue 7 extends this with e2e,
 * JSON output and progress lines.)
 */
@Command(name = "perf", description = "Measure throughput and latency with MsgFrame's client (bounded runs).",
        subcommands = {PerfCommand.Produce.class, PerfCommand.Consume.class})
final class PerfCommand {

    @Command(name = "produce", description = {"Send COUNT messages of SIZE bytes from THREADS threads.",
            "Modes: sync (one send at a time per thread), async (up to 1000 in flight per thread),",
            "batched (async with automatic batching: linger 5 ms, 256 messages or 1 MiB per request)."})
    static final class Produce implements Callable<Integer> {
        private final CliContext context;

        @picocli.CommandLine.Mixin
        AdminOptions admin;

        @Option(names = {"-t", "--topic"}, required = true, description = "topic to send to")
        String topic;

        @Option(names = "--threads", defaultValue = "16", description = "sending threads (default: ${DEFAULT-VALUE})")
        int threads;

        @Option(names = "--size", defaultValue = "1024", description = "body bytes (default: ${DEFAULT-VALUE})")
        int size;

        @Option(names = "--count", defaultValue = "100000", description = "messages in all (default: ${DEFAULT-VALUE})")
        long count;

        @Option(names = "--mode", defaultValue = "sync", description = "sync, async or batched (default: ${DEFAULT-VALUE})")
        String mode;

        @Option(names = "--max-seconds", defaultValue = "300", description = "time limit (default: ${DEFAULT-VALUE})")
        long maxSeconds;

        Produce(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            if (threads < 1 || size < 1 || count < 1 || !List.of("sync", "async", "batched").contains(mode)) {
                throw CliException.usage("--threads, --size and --count must be positive; --mode sync|async|batched");
            }
            var builder = Producer.builder("MSGFRAME_PERF_PRODUCER").namesrvAddr(admin.namesrv)
                    .sendTimeout(Duration.ofSeconds(10)).compressThresholdBytes(Integer.MAX_VALUE);
            if (mode.equals("batched")) {
                builder.autoBatch(Duration.ofMillis(5), 256, 1 << 20);
            }
            Recorder latency = new Recorder(3);
            AtomicLong sent = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
            byte[] body = new byte[size];
            try (Producer producer = builder.build()) {
                producer.send(Message.of(topic, body)); // route and connections before the clock starts
                CountDownLatch done = new CountDownLatch(threads);
                long started = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    long share = count / threads + (t < count % threads ? 1 : 0);
                    Thread thread = new Thread(() -> {
                        try {
                            run(producer, body, share, deadline, latency, sent, failed);
                        } finally {
                            done.countDown();
                        }
                    }, "msgframe-perf-" + t);
                    thread.setDaemon(true);
                    thread.start();
                }
                done.await(maxSeconds + 30, TimeUnit.SECONDS);
                report(context, "produce " + mode, sent.get(), failed.get(), (long) size * sent.get(),
                        System.nanoTime() - started, latency);
            }
            return failed.get() == 0 ? 0 : 1;
        }

        private void run(Producer producer, byte[] body, long share, long deadline, Recorder latency,
                         AtomicLong sent, AtomicLong failed) {
            Semaphore inFlight = new Semaphore(1000);
            for (long i = 0; i < share && System.nanoTime() < deadline; i++) {
                Message message = Message.of(topic, body);
                long start = System.nanoTime();
                if (mode.equals("sync")) {
                    try {
                        producer.send(message);
                        latency.recordValue((System.nanoTime() - start) / 1000);
                        sent.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                    continue;
                }
                inFlight.acquireUninterruptibly();
                producer.sendAsync(message).whenComplete((result, error) -> {
                    if (error == null) {
                        latency.recordValue((System.nanoTime() - start) / 1000);
                        sent.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    inFlight.release(); // after counting: the thread waits for every permit before reporting
                });
            }
            inFlight.acquireUninterruptibly(1000);
        }
    }

    @Command(name = "consume", description = "Read COUNT messages of a topic from its first offset with a new group (catch-up).")
    static final class Consume implements Callable<Integer> {
        private final CliContext context;

        @picocli.CommandLine.Mixin
        AdminOptions admin;

        @Option(names = {"-t", "--topic"}, required = true, description = "topic to read")
        String topic;

        @Option(names = "--count", defaultValue = "100000", description = "messages to read (default: ${DEFAULT-VALUE})")
        long count;

        @Option(names = "--max-seconds", defaultValue = "300", description = "time limit (default: ${DEFAULT-VALUE})")
        long maxSeconds;

        Consume(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            long read = 0;
            long bytes = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
            try (PullConsumer consumer = PullConsumer.builder("msgframe_perf_" + System.nanoTime())
                    .namesrvAddr(admin.namesrv).consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                    .autoCommit(false).build()) {
                consumer.subscribe(topic, "*");
                long started = 0;
                while (read < count && System.nanoTime() < deadline) {
                    List<ReceivedMessage> batch = consumer.poll(Duration.ofMillis(500));
                    if (started == 0 && !batch.isEmpty()) {
                        started = System.nanoTime();
                    }
                    read += batch.size();
                    for (ReceivedMessage m : batch) {
                        bytes += m.body().length;
                    }
                }
                report(context, "consume", read, 0, bytes, started == 0 ? 1 : System.nanoTime() - started, null);
            }
            return read >= count ? 0 : 1;
        }
    }

    static void report(CliContext context, String what, long messages, long failed, long bytes, long nanos,
                       Recorder latency) {
        double seconds = nanos / 1e9;
        StringBuilder line = new StringBuilder(String.format(
                "%s: %d msgs in %.1f s = %.0f msgs/s, %.1f MB/s, %d failed", what, messages, seconds,
                messages / seconds, bytes / seconds / 1e6, failed));
        if (latency != null) {
            var h = latency.getIntervalHistogram();
            line.append(String.format("; latency ms p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f",
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                    h.getMaxValue() / 1000.0));
        }
        context.out().println(line);
    }
}
