package io.msgframe.protocol.body;

import java.util.Set;

/**
 * Body of HEART_BEAT (reference §2.6.1): the client id (note the capital {@code ID} in {@code clientID}), its
 * producer and consumer groups, and the 5.x heartbeat-v2 members ({@code heartbeatFingerprint}, and
 * {@code withoutSub} = subscriptions deliberately left out because the fingerprint is unchanged).
 */
public record HeartbeatData(String clientID, Set<ProducerData> producerDataSet, Set<ConsumerData> consumerDataSet,
                            int heartbeatFingerprint, boolean withoutSub) {

    public HeartbeatData {
        producerDataSet = Copies.set(producerDataSet);
        consumerDataSet = Copies.set(consumerDataSet);
    }

    public HeartbeatData(String clientID, Set<ProducerData> producerDataSet, Set<ConsumerData> consumerDataSet) {
        this(clientID, producerDataSet, consumerDataSet, 0, false);
    }
}
