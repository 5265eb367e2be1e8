package io.msgframe.namesrv.route;

import io.msgframe.protocol.body.DataVersion;
import io.msgframe.remoting.RemotingChannel;

/**
 * One registered broker process as the name server last heard of it (reference §2.4.1): identity, when it last
 * registered, the version of the topic configs it sent, the connection it registered on, and its HA address.
 *
 * @param heartbeatTimeoutMs how long it may stay silent; 0 = the configured default
 */
public record LiveBroker(String clusterName, String brokerName, long brokerId, String brokerAddr,
                         String haServerAddr, DataVersion dataVersion, RemotingChannel channel,
                         long lastUpdateMs, long heartbeatTimeoutMs) {

    LiveBroker touchedAt(long nowMs) {
        return new LiveBroker(clusterName, brokerName, brokerId, brokerAddr, haServerAddr, dataVersion, channel,
                nowMs, heartbeatTimeoutMs);
    }

    boolean expiredAt(long nowMs, long defaultTimeoutMs) {
        long timeout = heartbeatTimeoutMs > 0 ? heartbeatTimeoutMs : defaultTimeoutMs;
        return lastUpdateMs + timeout < nowMs;
    }
}
