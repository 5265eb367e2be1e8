package io.msgframe.client;

import java.util.List;

/**
 * A send that did not succeed: every attempt made (broker, request, why), in order, and whether the send timeout
 * ran out. The cause is the last attempt's failure; the earlier ones are suppressed exceptions too.
 */
public final class SendFailedException extends MsgFrameClientException {
    private final String topic;
    private final List<BrokerException> attempts;
    private final boolean timedOut;

    public SendFailedException(String topic, List<BrokerException> attempts, boolean timedOut, long timeoutMs) {
        super(describe(topic, attempts, timedOut, timeoutMs), attempts.isEmpty() ? null
                : attempts.get(attempts.size() - 1));
        this.topic = topic;
        this.attempts = List.copyOf(attempts);
        this.timedOut = timedOut;
        for (int i = 0; i + 1 < attempts.size(); i++) {
            addSuppressed(attempts.get(i));
        }
    }

    public String topic() {
        return topic;
    }

    /** The failed attempts, first to last. */
    public List<BrokerException> attempts() {
        return attempts;
    }

    /** True when the send timeout ran out before another attempt could be made. */
    public boolean timedOut() {
        return timedOut;
    }

    private static String describe(String topic, List<BrokerException> attempts, boolean timedOut, long timeoutMs) {
        StringBuilder text = new StringBuilder("send to topic '").append(topic).append("' failed after ")
                .append(attempts.size()).append(attempts.size() == 1 ? " attempt" : " attempts");
        if (timedOut) {
            text.append(" (send timeout of ").append(timeoutMs).append(" ms used up)");
        }
        for (int i = 0; i < attempts.size(); i++) {
            text.append(i == 0 ? ": " : "; ").append('[').append(i + 1).append("] ")
                    .append(attempts.get(i).getMessage());
        }
        return text.toString();
    }
}
