package io.msgframe.namesrv.route;

import io.msgframe.protocol.body.BrokerData;
import io.msgframe.protocol.body.TopicConfigSerializeWrapper;
import io.msgframe.remoting.RemotingChannel;

/**
 * What one REGISTER_BROKER request says (reference §2.4.1): who the broker is, where it listens, and (from a
 * master) the topic configs it holds with their version.
 *
 * @param heartbeatTimeoutMs the liveness timeout the broker asked for (5.x); 0 = the configured default
 * @param channel            the connection it registered on; closing it removes the broker (may be null in tests)
 */
public record BrokerRegistration(String clusterName, String brokerName, String brokerAddr, long brokerId,
                                 String haServerAddr, long heartbeatTimeoutMs, TopicConfigSerializeWrapper topics,
                                 RemotingChannel channel) {

    public BrokerRegistration {
        if (topics == null) {
            topics = new TopicConfigSerializeWrapper(null, null);
        }
    }

    public boolean isMaster() {
        return brokerId == BrokerData.MASTER_ID;
    }
}
