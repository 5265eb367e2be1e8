package io.msgframe.protocol.body;

import java.util.Map;
import java.util.Set;

/**
 * Body of a GET_CONSUMER_CONNECTION_LIST response (reference §2.14.5): the group's connections, its
 * subscriptions by topic, and how it consumes. {@code connectionSet} and {@code subscriptionTable} are required.
 */
public record ConsumerConnection(Set<Connection> connectionSet, Map<String, SubscriptionData> subscriptionTable,
                                 ConsumeType consumeType, MessageModel messageModel,
                                 ConsumeFromWhere consumeFromWhere) {

    public ConsumerConnection {
        connectionSet = Copies.set(connectionSet);
        subscriptionTable = Copies.map(subscriptionTable);
    }
}
