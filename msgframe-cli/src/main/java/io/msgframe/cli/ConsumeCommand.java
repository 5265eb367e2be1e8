package io.msgframe.cli;

import io.msgframe.cli.ConsumeLoop.QueueState;
import io.msgframe.cli.TopicQueues.BrokerQueue;
import io.msgframe.protocol.body.NameValidator;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.body.TopicRouteData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * {@code msgframe consume TOPIC -g GROUP}: reads a topic as a consumer group, printing one line per message. Each
 * queue starts at the group's committed offset; a queue the group never committed starts where {@code --from}
 * says (first: the min offset, last: the max offset, timestamp:MS: the first message stored at or after MS). The
 * group's offsets are committed every few seconds and at the end, unless {@code --no-commit}.
 */
@Command(name = "consume", description = {"Consume a topic as a consumer group, one line per message: topic, "
        + "broker:queue, offset, msgId, tags, keys, properties, body (UTF-8 text, else hex:…).",
        "Queues the group has committed offsets for continue from there; the others start at --from. Runs until "
                + "--count messages, --idle-timeout-ms without one, or Ctrl-C; commits the offsets at the end."})
final class ConsumeCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "TOPIC", description = "topic to consume")
    String topic;

    @Option(names = {"-g", "--group"}, paramLabel = "GROUP", required = true, description = "consumer group")
    String group;

    @Option(names = "--tags", paramLabel = "EXPRESSION", defaultValue = "*",
            description = "tag expression, e.g. 'TagA || TagB' (default: ${DEFAULT-VALUE}, every message)")
    String tags;

    @Option(names = "--from", paramLabel = "first|last|timestamp:MS", defaultValue = "last",
            description = "where queues without a committed offset start: first (oldest kept message), last (only "
                    + "new messages) or timestamp:<epoch ms> (default: ${DEFAULT-VALUE})")
    String from;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "stop after N messages (default: no limit)")
    long count;

    @Option(names = "--idle-timeout-ms", paramLabel = "MS", defaultValue = "0",
            description = "stop after MS without a new message (default: never)")
    long idleTimeoutMs;

    @Option(names = "--no-commit", description = "do not commit the group's offsets")
    boolean noCommit;

    @Option(names = "--commit-interval-ms", paramLabel = "MS", defaultValue = "5000",
            description = "how often offsets are committed while consuming (default: ${DEFAULT-VALUE})")
    long commitIntervalMs;

    ConsumeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        NameValidator.topicProblem(topic).ifPresent(problem -> {
            throw CliException.usage(problem);
        });
        NameValidator.groupProblem(group).ifPresent(problem -> {
            throw CliException.usage("--group: " + problem);
        });
        if (count < 0 || idleTimeoutMs < 0 || commitIntervalMs < 1) {
            throw CliException.usage("--count and --idle-timeout-ms must not be negative, --commit-interval-ms "
                    + "must be positive");
        }
        StartPosition start = StartPosition.parse(from);
        SubscriptionData subscription = SubscriptionData.ofTags(topic, tags, System.currentTimeMillis());
        ConsumeLoop.Settings settings = new ConsumeLoop.Settings(group, subscription, count, idleTimeoutMs,
                !noCommit, commitIntervalMs);
        long consumed;
        boolean commitFailed;
        try (AdminClient client = admin.connect()) {
            TopicRouteData route = client.route(topic);
            List<String> unreachable = TopicQueues.withoutMaster(route);
            if (!unreachable.isEmpty()) {
                context.err().println("msgframe: warning: no master registered for " + String.join(", ", unreachable)
                        + "; its queues are not consumed");
            }
            List<BrokerQueue> queues = TopicQueues.subscribeQueues(route);
            if (queues.isEmpty()) {
                throw CliException.failed("topic '" + topic + "' has no readable queue on a broker with a master "
                        + "(see `topic route " + topic + "`)");
            }
            QueueOffsets offsets = new QueueOffsets(client, group, topic);
            List<QueueState> states = new ArrayList<>(queues.size());
            for (BrokerQueue queue : queues) {
                OptionalLong committed = offsets.committed(queue);
                long startOffset = committed.isPresent() ? committed.getAsLong() : start.offset(offsets, queue);
                states.add(new QueueState(queue, startOffset, committed.orElse(-1)));
            }
            ConsumeLoop loop = new ConsumeLoop(client, offsets, settings, states, context.out(), context.err());
            context.stopHooks().add(loop::stop);
            consumed = loop.run();
            commitFailed = loop.commitFailed();
        }
        context.err().printf("msgframe: consumed %d message%s of topic %s as group %s%s%n", consumed,
                consumed == 1 ? "" : "s", topic, group, noCommit ? " (offsets not committed)"
                        : commitFailed ? " (some offsets could not be committed, see above)" : "");
        context.err().flush();
        return commitFailed ? 1 : 0;
    }

    /** Where a queue without a committed offset starts. */
    record StartPosition(String kind, long timestampMs) {
        static StartPosition parse(String text) {
            if (text.equals("first") || text.equals("last")) {
                return new StartPosition(text, 0);
            }
            if (text.startsWith("timestamp:")) {
                try {
                    return new StartPosition("timestamp", Long.parseLong(text.substring("timestamp:".length())));
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw CliException.usage("--from must be first, last or timestamp:<epoch ms>, got '" + text + "'");
        }

        long offset(QueueOffsets offsets, BrokerQueue queue) {
            return switch (kind) {
                case "first" -> offsets.min(queue);
                case "last" -> offsets.max(queue);
                default -> offsets.byTimestamp(queue, timestampMs);
            };
        }
    }
}
