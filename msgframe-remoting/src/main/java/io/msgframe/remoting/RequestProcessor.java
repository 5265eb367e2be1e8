package io.msgframe.remoting;

import io.msgframe.protocol.remoting.RemotingCommand;

/**
 * Serves one family of request codes, on the executor it was registered with (never on Netty's event loop).
 * A {@link io.msgframe.protocol.remoting.ProtocolException} becomes a response with its code and message; any
 * other exception becomes SYSTEM_ERROR with the exception text. Oneway requests get no response whatever
 * this returns.
 */
@FunctionalInterface
public interface RequestProcessor {

    /**
     * @return the response, or null when the processor answers later through
     *         {@link RemotingChannel#writeResponse} (or the request is oneway)
     */
    RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception;

    /** False makes the server answer SYSTEM_BUSY at once without queueing (e.g. the store is overloaded). */
    default boolean rejectRequest() {
        return false;
    }
}
