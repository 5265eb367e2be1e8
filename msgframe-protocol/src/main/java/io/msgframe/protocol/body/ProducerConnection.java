package io.msgframe.protocol.body;

import java.util.Set;

/** Body of a GET_PRODUCER_CONNECTION_LIST response (reference §2.14.6). */
public record ProducerConnection(Set<Connection> connectionSet) {

    public ProducerConnection {
        connectionSet = Copies.set(connectionSet);
    }
}
