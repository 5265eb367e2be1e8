package io.msgframe.client;

import java.util.List;

/** No name server answered a request; the message lists each name server tried and why it failed. */
public final class NameServerException extends MsgFrameClientException {
    private final List<String> failures;

    public NameServerException(String what, List<String> failures, Throwable lastCause) {
        super(what + ": no name server answered: " + String.join("; ", failures), lastCause);
        this.failures = List.copyOf(failures);
    }

    /** One line per name server tried: its address and the failure. */
    public List<String> failures() {
        return failures;
    }
}
