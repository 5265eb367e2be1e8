package io.msgframe.it.client;

import io.msgframe.client.consumer.ConsumeConcurrentlyStatus;
import io.msgframe.client.consumer.PushConsumer;
import io.msgframe.protocol.body.ConsumeFromWhere;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The second consumer of {@link ConsumerKilledTest}, run in a child JVM: a MsgFrame push consumer (clustering,
 * from the first offset) of the given group and topic. Prints {@code CONSUMED <msgId>} for each message it
 * consumed and {@code READY <queues of the topic> <client id>} once its assignment holds a queue of the
 * topic (not only of the retry topic). Stops gracefully when its standard input
 * ends (the parent closed it, or died), so it never outlives the test; the test kills it with SIGKILL instead.
 *
 * <p>Arguments: name server address, group, topic, offset store directory. Uses no nested classes, so copying
 * this one class file protects it against a concurrent rebuild (see {@link ConsumerKilledTest#childClassPath}).
 */
public final class ConsumerChildMain {
    private ConsumerChildMain() {
    }

    public static void main(String[] args) throws Exception {
        PushConsumer consumer = PushConsumer.builder(args[1])
                .namesrvAddr(args[0])
                .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                .consumeThreads(2, 4)
                .offsetStoreDir(Path.of(args[3]))
                .persistInterval(Duration.ofSeconds(1))
                .concurrentListener(messages -> {
                    messages.forEach(m -> System.out.println("CONSUMED " + m.msgId()));
                    System.out.flush();
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                })
                .build();
        consumer.subscribe(args[2], "*");
        consumer.start();
        Thread ready = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() - deadline < 0) {
                long queues = consumer.assignment().stream().filter(q -> q.topic().equals(args[2])).count();
                if (queues > 0) {
                    System.out.println("READY " + queues + " " + consumer.clientId());
                    System.out.flush();
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.out.println("NOT READY: no queue assigned in 60 s");
            System.out.flush();
        }, "child-ready");
        ready.setDaemon(true);
        ready.start();

        while (System.in.read() != -1) {
            // wait for the end of input
        }
        consumer.close();
        System.exit(0);
    }
}
