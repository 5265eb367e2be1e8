package io.msgframe.protocol.body;

import java.util.Set;

/**
 * A consumer group of a client instance, in a heartbeat (reference §2.6.1): consume type, message model, where
 * to start, and its subscriptions (for clustering push consumers including {@code %RETRY%<group>}).
 */
public record ConsumerData(String groupName, ConsumeType consumeType, MessageModel messageModel,
                           ConsumeFromWhere consumeFromWhere, Set<SubscriptionData> subscriptionDataSet,
                           boolean unitMode) {

    public ConsumerData {
        subscriptionDataSet = Copies.set(subscriptionDataSet);
    }
}
