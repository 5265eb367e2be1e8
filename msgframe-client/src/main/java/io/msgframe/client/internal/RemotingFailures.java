package io.msgframe.client.internal;

import io.msgframe.client.BrokerConnectionException;
import io.msgframe.client.BrokerException;
import io.msgframe.client.BrokerTimeoutException;
import io.msgframe.remoting.RemotingException;
import io.msgframe.remoting.RemotingTimeoutException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what the remoting layer reports into the client's {@link BrokerException}s, naming the broker. */
public final class RemotingFailures {

    private RemotingFailures() {
    }

    /** The failure of a request to broker {@code brokerName} at {@code addr}, as the client reports it. */
    public static BrokerException toBrokerException(Throwable failure, String brokerName, String addr,
                                                    int requestCode, long timeoutMs) {
        Throwable cause = unwrap(failure);
        if (cause instanceof BrokerException broker) {
            return broker;
        }
        if (cause instanceof RemotingTimeoutException) {
            return new BrokerTimeoutException(brokerName, addr, requestCode, timeoutMs, cause);
        }
        String why = cause instanceof RemotingException ? cause.getMessage() : String.valueOf(cause);
        return new BrokerConnectionException(brokerName, addr, requestCode, why, cause);
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
