package io.msgframe.cli;

import io.msgframe.cli.TopicQueues.BrokerQueue;
import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.ConsumeType;
import io.msgframe.protocol.body.ConsumerData;
import io.msgframe.protocol.body.HeartbeatData;
import io.msgframe.protocol.body.MessageModel;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code send}, {@code consume}, {@code topic describe}, {@code group progress} and {@code message get|query}
 * against one in-process standalone on ephemeral loopback ports. Each test uses its own topics and groups.
 */
class MessageCommandsTest {
    static final Pattern SENT = Pattern.compile(
            "SEND_OK msgId=(\\p{XDigit}{32}) offsetMsgId=(\\p{XDigit}{32}) broker=(\\S+) queue=(\\d+) "
                    + "queueOffset=(\\d+)");
    private static final Duration READY_WAIT = Duration.ofSeconds(60);
    /** Bounded wait for what the broker does after answering (index, consume queue). */
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(10);
    private static final String IDLE = "--idle-timeout-ms";

    @TempDir
    static Path data;
    static ServerCommandRun standalone;
    static String namesrv;
    static String brokerName;
    static String brokerAddr;

    @BeforeAll
    static void startStandalone() {
        standalone = new ServerCommandRun("standalone", "--data", data.toString(), "--namesrv-port", "0",
                "--broker-port", "0");
        Matcher ready = StandaloneCommandTest.READY.matcher(
                standalone.awaitLine("MsgFrame standalone ready: ", READY_WAIT));
        assertThat(ready.matches()).isTrue();
        namesrv = ready.group(1);
        brokerName = ready.group(2);
        brokerAddr = ready.group(3);
    }

    @AfterAll
    static void stopStandalone() throws Exception {
        assertThat(standalone.stop()).isZero();
    }

    @Test
    void consumesSentMessagesIntactAndCommitsOffsets() throws Exception {
        createTopic("orders", 4);
        List<Matcher> sent = send("orders", "--tags", "TagA", "--keys", "order-1,order-2", "--property", "color=red",
                "--property", "size=L", "--body", "hello\twörld", "--count", "6");
        assertThat(sent).hasSize(6);
        assertThat(sent.stream().map(m -> m.group(1)).distinct()).hasSize(6);
        assertThat(sent.stream().map(m -> m.group(4)).distinct()).as("round robin over the 4 queues").hasSize(4);
        Path binary = Files.write(data.resolve("binary.bin"), new byte[] {0, 1, 2, (byte) 0xFF});
        assertThat(send("orders", "--file", binary.toString(), "--queue", "2")).hasSize(1)
                .allSatisfy(m -> assertThat(m.group(4)).isEqualTo("2"));

        Output.Result consumed = run("consume", "orders", "-g", "orders-reader", "--from", "first", "--count", "7",
                IDLE, "20000");
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        List<String> lines = consumed.out().lines().toList();
        assertThat(lines).hasSize(7);
        for (Matcher m : sent) {
            assertThat(lines).contains("orders " + brokerName + ":" + m.group(4) + " offset=" + m.group(5) + " msgId="
                    + m.group(1) + " tags=TagA keys=order-1,order-2 props={color=red, size=L} body=hello\\twörld");
        }
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("orders " + brokerName + ":2 ")
                .endsWith(" body=hex:000102FF"));
        assertThat(consumed.err()).contains("consumed 7 messages of topic orders as group orders-reader");

        Output.Result again = run("consume", "orders", "-g", "orders-reader", "--from", "first", IDLE, "1500");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).as("offsets were committed").isEmpty();

        Output.Result peek = run("consume", "orders", "-g", "orders-peeker", "--from", "first", "--count", "2",
                "--no-commit", IDLE, "20000");
        assertThat(peek.out().lines()).hasSize(2);
        assertThat(run("consume", "orders", "-g", "orders-peeker", "--from", "first", "--count", "7", IDLE, "20000")
                .out().lines()).as("--no-commit left the group without offsets").hasSize(7);
    }

    @Test
    void perfRunsBoundedLoadsAndReportsThroughputAndPercentiles() {
        createTopic("perf", 4);
        for (String mode : List.of("sync", "async", "batched")) {
            Output.Result produced = run("perf", "produce", "-t", "perf", "--threads", "2", "--count", "300",
                    "--mode", mode, "--max-seconds", "60");
            assertThat(produced.exitCode()).as(produced.err()).isZero();
            assertThat(produced.out()).startsWith("produce " + mode + ": 300 msgs in ").contains(" 0 failed")
                    .contains("latency ms p50 ").contains(" p99.9 ");
        }
        // each produce run also sent one message before its clock started
        Output.Result consumed = run("perf", "consume", "-t", "perf", "--count", "903", "--max-seconds", "60");
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        assertThat(consumed.out()).startsWith("consume: 903 msgs in ");
        assertThat(run("perf", "produce", "-t", "perf", "--mode", "sometimes").exitCode()).isEqualTo(2);
    }

    @Test
    void tagExpressionSelectsMessages() {
        createTopic("tagged", 2);
        send("tagged", "--tags", "TagA", "--body", "a", "--count", "2");
        send("tagged", "--tags", "TagB", "--body", "b", "--count", "2");
        send("tagged", "--tags", "TagC", "--body", "c", "--count", "2");
        Output.Result consumed = run("consume", "tagged", "-g", "tag-reader", "--from", "first", "--tags",
                "TagA || TagC", "--count", "4", IDLE, "20000");
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        assertThat(consumed.out().lines()).hasSize(4)
                .allSatisfy(line -> assertThat(line).containsPattern(" tags=Tag[AC] .*body=[ac]$"));
    }

    @Test
    void fromLastSkipsOldMessagesAndStartsThereNextTime() {
        createTopic("events", 2);
        send("events", "--body", "old", "--count", "3");
        Output.Result none = run("consume", "events", "-g", "events-latest", "--from", "last", IDLE, "1500");
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).isEmpty();

        send("events", "--body", "new", "--count", "2");
        Output.Result fresh = run("consume", "events", "-g", "events-latest", "--from", "last", "--count", "2",
                IDLE, "20000");
        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        assertThat(fresh.out().lines()).hasSize(2).allSatisfy(line -> assertThat(line).endsWith(" body=new"));
    }

    @Test
    void fromTimestampStartsAtFirstMessageStoredThen() {
        createTopic("timed", 1);
        send("timed", "--body", "before", "--count", "2");
        long from = System.currentTimeMillis() + 1;
        while (System.currentTimeMillis() <= from) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        send("timed", "--body", "after", "--count", "2");
        Output.Result consumed = run("consume", "timed", "-g", "timed-group", "--from", "timestamp:" + from,
                IDLE, "1500");
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        assertThat(consumed.out().lines()).hasSize(2).allSatisfy(line -> assertThat(line).endsWith(" body=after"));
    }

    @Test
    void stopHookCommitsWhatWasConsumed() throws Exception {
        createTopic("stopped", 1);
        send("stopped", "--body", "m", "--count", "3");
        try (ServerCommandRun consumer = new ServerCommandRun("consume", "stopped", "-g", "stopped-group", "--from",
                "first", "-n", namesrv)) {
            consumer.awaitLine("stopped " + brokerName + ":0 offset=2 ", READY_WAIT);
            assertThat(consumer.stop()).as("what Ctrl-C runs").isZero();
        }
        assertThat(run("group", "progress", "stopped-group", "-t", "stopped").out())
                .containsPattern("TOTAL\\s+3\\s+3\\s+0");
    }

    @Test
    void groupProgressShowsLag() {
        createTopic("progress", 2);
        send("progress", "--body", "x", "--count", "4");
        assertThat(run("consume", "progress", "-g", "progress-group", "--from", "first", "--count", "4", IDLE,
                "20000").out().lines()).hasSize(4);

        Output.Result caughtUp = run("group", "progress", "progress-group", "-t", "progress");
        assertThat(caughtUp.exitCode()).as(caughtUp.err()).isZero();
        assertThat(caughtUp.out()).containsPattern("TOTAL\\s+4\\s+4\\s+0")
                .containsPattern("progress\\s+" + Pattern.quote(brokerName) + "\\s+0\\s+\\d+\\s+\\d+\\s+0\\s+\\S+")
                .contains("No client of group progress-group is connected");

        send("progress", "--body", "y", "--count", "3");
        awaitOutput(() -> run("group", "progress", "progress-group"),
                out -> out.matches("(?s).*TOTAL\\s+7\\s+4\\s+3.*"));
    }

    @Test
    void offsetPastTheEndMovesToNextBeginOffset() {
        createTopic("moved", 1);
        send("moved", "--body", "one");
        try (AdminClient client = new AdminClient(List.of(namesrv), 5_000)) {
            new QueueOffsets(client, "moved-group", "moved").commit(new BrokerQueue(brokerName, brokerAddr, 0), 1000);
        }
        Output.Result moved = run("consume", "moved", "-g", "moved-group", IDLE, "1500");
        assertThat(moved.exitCode()).as(moved.err()).isZero();
        assertThat(moved.out()).isEmpty();
        assertThat(moved.err()).contains("offset 1000 of " + brokerName + ":0 is not available")
                .contains("continuing at 1");

        send("moved", "--body", "two");
        assertThat(run("consume", "moved", "-g", "moved-group", "--count", "1", IDLE, "20000").out())
                .endsWith(" body=two" + System.lineSeparator());
    }

    @Test
    void groupProgressWarnsAboutConnectionsSharingAClientId() {
        createTopic("dupes", 1);
        RemotingClient first = new RemotingClient(RemotingClientConfig.defaults());
        RemotingClient second = new RemotingClient(RemotingClientConfig.defaults());
        try {
            for (RemotingClient client : List.of(first, second)) {
                client.start();
                ConsumerData consumer = new ConsumerData("dupes-group", ConsumeType.CONSUME_PASSIVELY,
                        MessageModel.CLUSTERING, ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
                        Set.of(SubscriptionData.ofTags("dupes", "*", 1L)), false);
                HeartbeatData heartbeat = new HeartbeatData("127.0.0.1@same", Set.of(), Set.of(consumer));
                RemotingCommand response = client.invokeSync(brokerAddr,
                        RemotingCommand.request(RequestCode.HEART_BEAT).body(RemotingJson.encode(heartbeat)), 5_000);
                assertThat(response.code()).as(response.remark()).isZero();
            }
            Output.Result progress = run("group", "progress", "dupes-group", "-t", "dupes");
            assertThat(progress.exitCode()).as(progress.err()).isZero();
            assertThat(progress.out()).containsPattern("TOTAL\\s+0\\s+0\\s+0");
            assertThat(progress.out().lines().filter(line -> line.contains("127.0.0.1@same"))).hasSize(2);
            assertThat(progress.err()).startsWith("msgframe: warning: 2 connections to " + brokerName
                    + " use client id 127.0.0.1@same");
        } finally {
            first.shutdown();
            second.shutdown();
        }
    }

    @Test
    void topicDescribeShowsOffsetsPerQueue() {
        createTopic("described", 2);
        send("described", "--body", "z", "--count", "5", "--queue", "0");
        awaitOutput(() -> run("topic", "describe", "described"),
                out -> out.matches("(?s).*" + Pattern.quote(brokerName) + "\\s+0\\s+0\\s+5\\s+5\\s+\\d{4}-.*"));
        Output.Result described = run("topic", "describe", "described");
        assertThat(described.out()).containsPattern(Pattern.quote(brokerName) + "\\s+1\\s+0\\s+0\\s+0\\s+-");
    }

    @Test
    void getsMessagesByOffsetMsgIdAndMsgIdAndQueriesByKey() {
        String topic = "lookups";
        createTopic(topic, 2);
        Matcher sent = send(topic, "--tags", "Lookup", "--keys", "invoice-7 customer-3", "--property", "origin=test",
                "--body", "{\"total\": 12}").get(0);
        String msgId = sent.group(1);
        String offsetMsgId = sent.group(2);

        Output.Result byOffsetId = run("message", "get", offsetMsgId);
        assertThat(byOffsetId.exitCode()).as(byOffsetId.err()).isZero();
        assertThat(byOffsetId.out()).contains("Topic:              " + topic)
                .contains("Msg id:             " + msgId)
                .contains("Offset msg id:      " + offsetMsgId)
                .contains("Tags:               Lookup")
                .contains("Keys:               invoice-7 customer-3")
                .contains("origin=test")
                .contains("Body (13 bytes):    {\"total\": 12}");

        Output.Result withoutTopic = run("message", "get", msgId);
        assertThat(withoutTopic.exitCode()).isEqualTo(2);
        assertThat(withoutTopic.err()).contains("-t TOPIC");

        Output.Result byMsgId = awaitOutput(() -> run("message", "get", msgId, "-t", topic),
                out -> out.contains("Offset msg id:      " + offsetMsgId));
        assertThat(byMsgId.out()).contains("Msg id:             " + msgId);

        Output.Result byKey = awaitOutput(() -> run("message", "query", topic, "customer-3"),
                out -> out.contains("Msg id:             " + msgId));
        assertThat(byKey.exitCode()).isZero();

        Output.Result noKey = run("message", "query", topic, "no-such-key");
        assertThat(noKey.exitCode()).isEqualTo(1);
        assertThat(noKey.err()).isEqualTo("msgframe: no message of topic '" + topic + "' has key 'no-such-key'"
                + System.lineSeparator());
    }

    @Test
    void sendAutoCreatesTopicThroughTemplateRoute() {
        Output.Result sent = run("send", "auto-created", "--body", "first");
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(sent.out()).startsWith("SEND_OK msgId=");
        assertThat(sent.err()).contains("topic 'auto-created' has no route; sending through TBW102's route");
        assertThat(run("topic", "route", "auto-created").out()).containsPattern(Pattern.quote(brokerName)
                + "\\s+DefaultCluster\\s+4\\s+4\\s+RW-");
    }

    @Test
    void consumingUnknownTopicIsOneLineAndExitCodeOne() {
        Output.Result result = run("consume", "no-such-topic", "-g", "nobody");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("msgframe: topic 'no-such-topic' does not exist (no route on name server "
                + namesrv + ")" + System.lineSeparator());
        assertThat(result.out()).isEmpty();
    }

    @Test
    void badUsageIsExitCodeTwo() {
        assertThat(run("send", "orders").exitCode()).isEqualTo(2);
        assertThat(run("send", "orders", "--body", "x", "--file", "y").exitCode()).isEqualTo(2);
        assertThat(run("send", "orders", "--body", "x", "--property", "TAGS=x").err()).contains("--property TAGS");
        assertThat(run("consume", "orders").err()).contains("-g");
        assertThat(run("consume", "orders", "-g", "g", "--from", "yesterday").err()).contains("--from");
        assertThat(run("message", "get", "not-an-id").exitCode()).isEqualTo(2);
    }

    @Test
    void topicUpdateIsCreate() {
        createTopic("aliased", 2);
        Output.Result updated = run("topic", "update", "aliased", "-r", "3", "-w", "3");
        assertThat(updated.exitCode()).as(updated.err()).isZero();
        assertThat(run("topic", "route", "aliased").out()).containsPattern("\\s+3\\s+3\\s+RW-");
    }

    /** Its own standalone, with auto-creation off, so wiping the write permission disturbs no other test. */
    @Test
    void withoutAutoCreateSendToUnknownTopicFailsAndWipeWriteIsAnAlias(@TempDir Path own) throws Exception {
        Path config = Files.writeString(own.resolve("broker.properties"), "autoCreateTopicEnable=false\n");
        try (ServerCommandRun strict = new ServerCommandRun("standalone", "-c", config.toString(), "--data",
                own.resolve("data").toString(), "--namesrv-port", "0", "--broker-port", "0")) {
            Matcher ready = StandaloneCommandTest.READY.matcher(strict.awaitLine("MsgFrame standalone ready: ",
                    READY_WAIT));
            assertThat(ready.matches()).isTrue();
            String strictNamesrv = ready.group(1);

            Output.Result unknown = Output.run("send", "typo-topic", "--body", "x", "-n", strictNamesrv);
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).isEqualTo("msgframe: topic 'typo-topic' does not exist (no route on name "
                    + "server " + strictNamesrv + ") and no broker auto-creates topics (no route for TBW102)"
                    + System.lineSeparator());
            assertThat(unknown.out()).isEmpty();

            assertThat(Output.run("topic", "create", "kept", "-n", strictNamesrv).exitCode()).isZero();
            Output.Result wiped = Output.run("broker", "wipe-write", ready.group(2), "-n", strictNamesrv);
            assertThat(wiped.exitCode()).as(wiped.err()).isZero();
            assertThat(wiped.out()).contains("brokerPermission=4");
            Output.Result refused = Output.run("send", "kept", "--body", "x", "-n", strictNamesrv);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err().lines()).hasSize(1);
            assertThat(refused.err()).startsWith("msgframe: topic 'kept' has no writable queue");
            assertThat(strict.stop()).isZero();
        }
    }

    private void createTopic(String topic, int queues) {
        Output.Result created = run("topic", "create", topic, "-r", "" + queues, "-w", "" + queues);
        assertThat(created.exitCode()).as(created.err()).isZero();
    }

    /** Sends and returns a matcher per printed line (group 1 msgId, 2 offsetMsgId, 3 broker, 4 queue, 5 offset). */
    private List<Matcher> send(String topic, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "send";
        args[1] = topic;
        System.arraycopy(options, 0, args, 2, options.length);
        Output.Result result = run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<Matcher> lines = result.out().lines().map(SENT::matcher).toList();
        assertThat(lines).allSatisfy(m -> assertThat(m.matches()).as(m.toString()).isTrue());
        return lines;
    }

    private static Output.Result run(String... args) {
        String[] withNamesrv = new String[args.length + 2];
        System.arraycopy(args, 0, withNamesrv, 0, args.length);
        withNamesrv[args.length] = "-n";
        withNamesrv[args.length + 1] = namesrv;
        return Output.run(withNamesrv);
    }

    /** Runs {@code command} until its stdout satisfies {@code done}, for at most {@link #SETTLE_WAIT}. */
    private static Output.Result awaitOutput(Supplier<Output.Result> command,
                                             Predicate<String> done) {
        long deadline = System.nanoTime() + SETTLE_WAIT.toNanos();
        Output.Result result;
        do {
            result = command.get();
            if (done.test(result.out())) {
                return result;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        } while (System.nanoTime() - deadline < 0);
        return fail("not done within " + SETTLE_WAIT + "; stdout:\n" + result.out() + "\nstderr:\n" + result.err());
    }
}
