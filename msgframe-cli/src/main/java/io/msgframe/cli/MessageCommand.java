package io.msgframe.cli;

import io.msgframe.protocol.body.NameValidator;
import io.msgframe.protocol.message.OffsetMessageId;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code msgframe message get|query}: stored messages by id or key (reference §2.13). An offset message id names
 * its broker and commit-log offset, so {@code get} asks that broker directly (VIEW_MESSAGE_BY_ID); a msgId
 * (UNIQ_KEY, made by the producer) names neither, so it is looked up in the index of every broker of the topic
 * (QUERY_MESSAGE with {@code _UNIQUE_KEY_QUERY}), as {@code query} looks up a key.
 */
@Command(name = "message", description = "Look up stored messages by id or key.")
final class MessageCommand {
    /** What a UNIQ_KEY query asks for; the broker uses its own max (32) anyway. */
    private static final int UNIQUE_KEY_MAX = 32;

    private final CliContext context;

    MessageCommand(CliContext context) {
        this.context = context;
    }

    /** A message and the broker it was read from. */
    private record Found(String broker, ReceivedMessage message) {
    }

    @Command(name = "get", description = {"Print one message, every field, by its offsetMsgId or its msgId.",
            "An offsetMsgId (as `send` prints it) is read from the broker it names; a msgId (UNIQ_KEY) needs "
                    + "-t TOPIC and is looked up on every broker of the topic."})
    int get(@Mixin AdminOptions admin,
            @Parameters(paramLabel = "MSG_ID", description = "offsetMsgId or msgId (32 or 56 hex characters)")
            String id,
            @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", description = "topic of a msgId (UNIQ_KEY)")
            String topic) {
        String msgId = id.trim().toUpperCase(Locale.ROOT);
        if ((msgId.length() != 32 && msgId.length() != 56) || !isHex(msgId)) {
            throw CliException.usage("'" + id + "' is not a message id (32 or 56 hex characters)");
        }
        if (topic != null) {
            requireValidTopic(topic);
        }
        OffsetMessageId offsetId = asOffsetMessageId(msgId);
        boolean namesBroker = offsetId != null;
        if (!namesBroker && topic == null) {
            throw CliException.usage("'" + msgId + "' names no broker, so it is not an offsetMsgId; to look it up "
                    + "as a msgId (UNIQ_KEY) give its topic with -t TOPIC");
        }
        Found found;
        try (AdminClient client = admin.connect()) {
            found = namesBroker ? viewOrQuery(client, offsetId, msgId, topic) : byUniqueKey(client, topic, msgId);
        }
        MessagePrinter.printFull(context.out(), found.broker(), found.message());
        context.out().flush();
        return 0;
    }

    @Command(name = "query", description = "Print every message of a topic with a key (KEYS), on every broker of "
            + "the topic, oldest first.")
    int query(@Mixin AdminOptions admin,
              @Parameters(index = "0", paramLabel = "TOPIC", description = "topic") String topic,
              @Parameters(index = "1", paramLabel = "KEY", description = "one of the message's keys") String key,
              @Option(names = "--max", paramLabel = "N", defaultValue = "64",
                      description = "at most N messages per broker (default and broker limit: ${DEFAULT-VALUE})")
              int max,
              @Option(names = "--begin", paramLabel = "MS", defaultValue = "0",
                      description = "only messages stored at or after MS (epoch ms; default: 0)") long begin,
              @Option(names = "--end", paramLabel = "MS", defaultValue = "" + Long.MAX_VALUE,
                      description = "only messages stored at or before MS (epoch ms; default: no limit)")
              long end) {
        requireValidTopic(topic);
        if (max < 1) {
            throw CliException.usage("--max must be at least 1, got " + max);
        }
        List<Found> found = new ArrayList<>();
        boolean complete;
        try (AdminClient client = admin.connect()) {
            complete = queryEveryBroker(client, topic, key, false, max, begin, end, found);
        }
        List<Found> matching = found.stream()
                .filter(f -> f.message().topic().equals(topic) && f.message().keys().contains(key))
                .sorted(Comparator.comparingLong(f -> f.message().storeTimestamp()))
                .toList();
        if (matching.isEmpty() && complete) {
            throw CliException.failed("no message of topic '" + topic + "' has key '" + key + "'");
        }
        PrintWriter out = context.out();
        for (int i = 0; i < matching.size(); i++) {
            if (i > 0) {
                out.println();
            }
            MessagePrinter.printFull(out, matching.get(i).broker(), matching.get(i).message());
        }
        out.flush();
        return complete ? 0 : 1;
    }

    /** VIEW_MESSAGE_BY_ID on the broker the id names; if that fails and a topic is given, the UNIQ_KEY lookup. */
    private Found viewOrQuery(AdminClient client, OffsetMessageId offsetId, String msgId, String topic) {
        String addr = ReceivedMessage.address(offsetId.storeHost());
        RemotingCommand request = RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID)
                .ext("offset", offsetId.commitLogOffset());
        CliException failure;
        try {
            RemotingCommand response = client.askBroker(addr, request);
            if (response.code() == ResponseCode.SUCCESS) {
                List<ReceivedMessage> messages = ReceivedMessage.decodeAll(response.body(), "broker " + addr);
                if (messages.size() == 1) {
                    return new Found(addr, messages.get(0));
                }
                failure = CliException.failed("broker " + addr + " answered " + messages.size()
                        + " records for the message at commit-log offset " + offsetId.commitLogOffset());
            } else {
                failure = AdminClient.refused("reading the message at commit-log offset "
                        + offsetId.commitLogOffset(), addr, response);
            }
        } catch (CliException e) {
            failure = e;
        }
        if (topic == null) {
            throw CliException.failed(failure.getMessage() + " (if " + msgId + " is a msgId, give -t TOPIC)",
                    failure);
        }
        return byUniqueKey(client, topic, msgId);
    }

    /** The earliest stored message of the topic whose UNIQ_KEY is {@code msgId}, as the Java admin picks it. */
    private Found byUniqueKey(AdminClient client, String topic, String msgId) {
        List<Found> found = new ArrayList<>();
        boolean complete = queryEveryBroker(client, topic, msgId, true, UNIQUE_KEY_MAX, 0, Long.MAX_VALUE, found);
        return found.stream()
                .filter(f -> msgId.equals(f.message().properties().get(PropertyKeys.UNIQ_KEY)))
                .min(Comparator.comparingLong(f -> f.message().storeTimestamp()))
                .orElseThrow(() -> CliException.failed("no message of topic '" + topic + "' has msgId " + msgId
                        + (complete ? "" : " on the brokers that answered")));
    }

    /**
     * QUERY_MESSAGE on the master of every broker of the topic; adds what they return to {@code found}.
     *
     * @return false when a broker could not be asked (reported on stderr)
     */
    private boolean queryEveryBroker(AdminClient client, String topic, String key, boolean uniqueKey, int max,
                                     long begin, long end, List<Found> found) {
        boolean complete = true;
        for (Map.Entry<String, String> broker : TopicQueues.masters(client.route(topic)).entrySet()) {
            String addr = broker.getValue();
            RemotingCommand request = RemotingCommand.request(RequestCode.QUERY_MESSAGE)
                    .ext("topic", topic).ext("key", key).ext("maxNum", max)
                    .ext("beginTimestamp", begin).ext("endTimestamp", end);
            if (uniqueKey) {
                request.ext("_UNIQUE_KEY_QUERY", "true");
            }
            try {
                RemotingCommand response = client.askBroker(addr, request);
                if (response.code() == ResponseCode.QUERY_NOT_FOUND) {
                    continue;
                }
                if (response.code() != ResponseCode.SUCCESS) {
                    throw AdminClient.refused("querying topic '" + topic + "' for '" + key + "'", addr, response);
                }
                for (ReceivedMessage message : ReceivedMessage.decodeAll(response.body(), "broker " + addr)) {
                    found.add(new Found(broker.getKey() + " (" + addr + ")", message));
                }
            } catch (CliException e) {
                context.err().println("msgframe: " + e.getMessage());
                complete = false;
            }
        }
        return complete;
    }

    /**
     * The id read as an offset message id, or null when it cannot be one: its port field is not a port. A msgId
     * (UNIQ_KEY) has the process id and part of a hash there, which make a port only by chance (one in 65536).
     */
    private static OffsetMessageId asOffsetMessageId(String msgId) {
        try {
            OffsetMessageId id = OffsetMessageId.parse(msgId);
            return id.storeHost().getPort() > 0 ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isHex(String text) {
        return text.chars().allMatch(HexFormat::isHexDigit);
    }

    private static void requireValidTopic(String topic) {
        NameValidator.topicProblem(topic).ifPresent(problem -> {
            throw CliException.usage(problem);
        });
    }
}
