package io.msgframe.cli;

import io.msgframe.protocol.message.PropertyKeys;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * How the message commands print messages: {@link #printLine} one line per message (what {@code consume} prints as
 * messages arrive), {@link #printFull} every field of the record (what {@code message get} and {@code query}
 * print). A body is shown as UTF-8 text with newline, carriage return, tab and backslash escaped as {@code \n},
 * {@code \r}, {@code \t}, {@code \\}, or as {@code hex:} and its bytes when it is not valid UTF-8 or holds
 * other control characters.
 */
final class MessagePrinter {
    /** Properties the one-line form shows in their own fields or leaves out as plumbing. */
    private static final Set<String> SHOWN_ELSEWHERE = Set.of(PropertyKeys.TAGS, PropertyKeys.KEYS,
            PropertyKeys.UNIQ_KEY, PropertyKeys.WAIT_STORE_MSG_OK, PropertyKeys.CLUSTER);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private MessagePrinter() {
    }

    /**
     * {@code TOPIC BROKER:QUEUE offset=N msgId=ID tags=T keys=K1,K2 props={k=v, ...} body=TEXT}; tags, keys and
     * props only when the message has them.
     */
    static void printLine(PrintWriter out, String brokerName, ReceivedMessage message) {
        StringBuilder line = new StringBuilder(128);
        line.append(message.topic()).append(' ').append(brokerName).append(':').append(message.queueId())
                .append(" offset=").append(message.queueOffset())
                .append(" msgId=").append(message.msgId());
        if (message.tags() != null) {
            line.append(" tags=").append(message.tags());
        }
        if (!message.keys().isEmpty()) {
            line.append(" keys=").append(String.join(",", message.keys()));
        }
        Map<String, String> others = new TreeMap<>(message.properties());
        others.keySet().removeAll(SHOWN_ELSEWHERE);
        if (!others.isEmpty()) {
            line.append(" props=").append(others);
        }
        line.append(" body=").append(bodyText(message.body()));
        out.println(line);
    }

    /** Every field, one {@code Name: value} line each; {@code broker} says where the message was read. */
    static void printFull(PrintWriter out, String broker, ReceivedMessage message) {
        field(out, "Topic", message.topic());
        field(out, "Broker", broker);
        field(out, "Queue", message.queueId());
        field(out, "Queue offset", message.queueOffset());
        field(out, "Msg id", message.msgId());
        field(out, "Offset msg id", message.offsetMsgId());
        field(out, "Tags", message.tags() == null ? "" : message.tags());
        field(out, "Keys", String.join(" ", message.keys()));
        StringJoiner properties = new StringJoiner(", ");
        new TreeMap<>(message.properties()).forEach((k, v) -> properties.add(k + "=" + v));
        field(out, "Properties", properties);
        field(out, "Born time", time(message.bornTimestamp()));
        field(out, "Born host", message.bornHost());
        field(out, "Store time", time(message.storeTimestamp()));
        field(out, "Store host", message.storeHost());
        field(out, "Reconsume times", message.reconsumeTimes());
        field(out, "Commit-log offset", message.commitLogOffset());
        field(out, "Sys flag", message.sysFlag());
        field(out, "Flag", message.flag());
        field(out, "Body CRC", message.bodyCrc());
        if (message.bodyNote() != null) {
            field(out, "Body note", message.bodyNote());
        }
        field(out, "Body (" + message.body().length + " bytes)", bodyText(message.body()));
    }

    /** The body as escaped UTF-8 text, or {@code hex:…} when it is not valid UTF-8 or holds other controls. */
    static String bodyText(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return "hex:" + HEX.formatHex(body);
        }
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (Character.isISOControl(c)) {
                        return "hex:" + HEX.formatHex(body);
                    }
                    escaped.append(c);
                }
            }
        }
        return escaped.toString();
    }

    private static String time(long epochMs) {
        return epochMs <= 0 ? String.valueOf(epochMs) : Instant.ofEpochMilli(epochMs) + " (" + epochMs + ")";
    }

    private static void field(PrintWriter out, String name, Object value) {
        String label = name + ":";
        out.println(label + " ".repeat(Math.max(1, 20 - label.length())) + value);
    }
}
