package io.msgframe.protocol.body;

import java.util.Map;
import java.util.Set;

/**
 * Body of a GET_BROKER_CLUSTER_INFO response (reference §2.3.2): broker name → {@link BrokerData}, and cluster
 * name → broker names. Both members are required.
 */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {
    /** The cluster name RocketMQ brokers use when none is configured. */
    public static final String DEFAULT_CLUSTER = "DefaultCluster";

    public ClusterInfo {
        brokerAddrTable = Copies.map(brokerAddrTable);
        clusterAddrTable = Copies.map(clusterAddrTable);
    }
}
