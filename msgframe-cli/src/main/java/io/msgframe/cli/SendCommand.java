package io.msgframe.cli;

import io.msgframe.cli.MessageSender.Outcome;
import io.msgframe.cli.MessageSender.Prepared;
import io.msgframe.cli.MessageSender.SendResult;
import io.msgframe.cli.TopicQueues.BrokerQueue;
import io.msgframe.protocol.body.NameValidator;
import io.msgframe.protocol.body.TopicRouteData;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code msgframe send TOPIC (--body TEXT | --file PATH)}: sends messages as a 4.9 Java producer does: the topic's
 * route (or TBW102's when the topic has none, so the broker auto-creates it), write queues of master brokers in
 * turn, SEND_MESSAGE_V2, and on a retryable refusal up to two more tries, another broker first. Prints one line
 * per message: status, msgId (UNIQ_KEY), offsetMsgId, broker, queue and queue offset.
 */
@Command(name = "send", description = {"Send messages to a topic, as a RocketMQ 4.9 producer sends them.",
        "Prints one line per message: status, msgId (UNIQ_KEY), offsetMsgId, broker, queue, queue offset."})
final class SendCommand implements Callable<Integer> {
    /** RocketMQ's default maxMessageSize, which its producers check before sending. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** A sync Java producer tries a message this many times in all. */
    private static final int ATTEMPTS = 3;
    /** Properties the command sets itself; a --property may not set them. */
    private static final Set<String> RESERVED = Set.of(PropertyKeys.TAGS, PropertyKeys.KEYS, PropertyKeys.UNIQ_KEY,
            PropertyKeys.WAIT_STORE_MSG_OK);

    private final CliContext context;

    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "TOPIC", description = "topic to send to")
    String topic;

    @Option(names = "--tags", paramLabel = "TAG", description = "the message tag")
    String tags;

    @Option(names = "--keys", paramLabel = "KEYS",
            description = "business keys, indexed for `message query`: 'K1,K2' or 'K1 K2'")
    String keys;

    @Option(names = "--property", paramLabel = "NAME=VALUE", description = "a user property (repeatable)")
    Map<String, String> properties = new LinkedHashMap<>();

    @ArgGroup(multiplicity = "1")
    Body body;

    static final class Body {
        @Option(names = "--body", paramLabel = "TEXT", required = true, description = "the body, as UTF-8 text")
        String text;

        @Option(names = "--file", paramLabel = "PATH", required = true, description = "the body, a file's bytes")
        Path file;
    }

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
            description = "messages to send, each with its own msgId (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--queue", paramLabel = "Q", description = "send only to queue id Q (of each broker)")
    Integer queue;

    SendCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        NameValidator.topicProblem(topic).ifPresent(problem -> {
            throw CliException.usage(problem);
        });
        if (count < 1) {
            throw CliException.usage("--count must be at least 1, got " + count);
        }
        if (queue != null && queue < 0) {
            throw CliException.usage("--queue must not be negative, got " + queue);
        }
        checkProperties();
        byte[] bytes = bodyBytes();
        List<String> keyList = keys == null ? List.of()
                : Arrays.stream(keys.split("[,\\s]+")).filter(k -> !k.isEmpty()).toList();
        try (AdminClient client = admin.connect()) {
            List<BrokerQueue> queues = queues(client);
            MessageSender sender = new MessageSender(client);
            int next = ThreadLocalRandom.current().nextInt(queues.size());
            for (int i = 0; i < count; i++) {
                Prepared message = sender.prepare(topic, tags, keyList, properties, bytes);
                SendResult result = sendWithRetries(sender, queues, next, message);
                next = queues.indexOf(result.queue()) + 1;
                context.out().printf("%s msgId=%s offsetMsgId=%s broker=%s queue=%d queueOffset=%d%n",
                        result.status(), result.msgId(), result.offsetMsgId(), result.queue().brokerName(),
                        result.queue().queueId(), result.queueOffset());
                context.out().flush();
            }
        }
        return 0;
    }

    /** Tries queues in turn from {@code start}; after a failure the next try prefers another broker. */
    private SendResult sendWithRetries(MessageSender sender, List<BrokerQueue> queues, int start, Prepared message) {
        int index = Math.floorMod(start, queues.size());
        CliException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            BrokerQueue target = queues.get(index);
            Outcome outcome = sender.send(target, message);
            if (outcome.result() != null) {
                return outcome.result();
            }
            last = outcome.failure();
            if (!outcome.retryable() || attempt == ATTEMPTS) {
                break;
            }
            context.err().println("msgframe: warning: " + last.getMessage() + "; trying again");
            index = nextQueueAvoiding(queues, index, target.brokerName());
        }
        throw last;
    }

    private static int nextQueueAvoiding(List<BrokerQueue> queues, int index, String brokerName) {
        for (int step = 1; step <= queues.size(); step++) {
            int candidate = (index + step) % queues.size();
            if (!queues.get(candidate).brokerName().equals(brokerName)) {
                return candidate;
            }
        }
        return (index + 1) % queues.size();
    }

    /** Write queues of the topic's route, else of TBW102's (auto-creation), narrowed to --queue. */
    private List<BrokerQueue> queues(AdminClient client) {
        Optional<TopicRouteData> route = client.findRoute(topic);
        TopicRouteData effective;
        if (route.isPresent()) {
            effective = route.get();
        } else {
            TopicRouteData template = client.findRoute(MessageSender.DEFAULT_TOPIC).orElseThrow(() ->
                    CliException.failed("topic '" + topic + "' does not exist (no route on name server "
                            + client.namesrvAddrs().get(0) + ") and no broker auto-creates topics (no route for "
                            + MessageSender.DEFAULT_TOPIC + ")"));
            context.err().println("msgframe: note: topic '" + topic + "' has no route; sending through "
                    + MessageSender.DEFAULT_TOPIC + "'s route, so the broker creates it");
            effective = TopicQueues.fromTemplate(template, MessageSender.DEFAULT_TOPIC_QUEUE_NUMS);
        }
        List<BrokerQueue> queues = TopicQueues.publishQueues(effective);
        if (queue != null) {
            queues = queues.stream().filter(q -> q.queueId() == queue).toList();
        }
        if (queues.isEmpty()) {
            throw CliException.failed("topic '" + topic + "' has no writable " + (queue == null ? "queue"
                    : "queue " + queue) + " on a broker with a master (see `topic route " + topic + "`)");
        }
        return queues;
    }

    private void checkProperties() {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String name = property.getKey();
            String value = property.getValue();
            if (RESERVED.contains(name)) {
                throw CliException.usage("--property " + name + ": set by the command itself (use --tags or "
                        + "--keys)");
            }
            if (name.isEmpty() || value == null || value.isEmpty()) {
                throw CliException.usage("--property needs NAME=VALUE with both non-empty, got '" + name + "="
                        + (value == null ? "" : value) + "'");
            }
            if ((name + value).indexOf(MessageProperties.NAME_VALUE_SEPARATOR) >= 0
                    || (name + value).indexOf(MessageProperties.PROPERTY_SEPARATOR) >= 0) {
                throw CliException.usage("--property " + name + ": names and values cannot hold the characters "
                        + "\\u0001 and \\u0002");
            }
        }
    }

    private byte[] bodyBytes() {
        byte[] bytes;
        if (body.text != null) {
            bytes = body.text.getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                bytes = Files.readAllBytes(body.file);
            } catch (NoSuchFileException e) {
                throw CliException.usage("--file " + body.file + " does not exist");
            } catch (IOException e) {
                throw CliException.usage("--file " + body.file + " cannot be read: " + e.getMessage());
            }
        }
        if (bytes.length == 0) {
            throw CliException.usage("the message body is empty (RocketMQ producers refuse empty bodies)");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw CliException.usage("the message body has " + bytes.length + " bytes, more than the "
                    + MAX_BODY_BYTES + " a broker accepts by default");
        }
        return bytes;
    }
}
