package io.msgframe.protocol.body;

import java.util.Map;

/**
 * The members of one broker name (a replica set) in a cluster (reference §2.2, §6.10): broker id → address,
 * id {@value #MASTER_ID} being the master. {@code brokerAddrs} has {@code Long} keys, written quoted.
 * {@code enableActingMaster} and {@code zoneName} are 5.x additions clients ignore; a null zone is omitted.
 */
public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs,
                         boolean enableActingMaster, String zoneName) {
    /** Broker id of a master. */
    public static final long MASTER_ID = 0L;

    public BrokerData {
        brokerAddrs = Copies.map(brokerAddrs);
    }

    public BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
        this(cluster, brokerName, brokerAddrs, false, null);
    }

    /** The master's address, or null when no master is registered. */
    public String masterAddr() {
        return brokerAddrs.get(MASTER_ID);
    }

    public BrokerData withBrokerAddrs(Map<Long, String> newAddrs) {
        return new BrokerData(cluster, brokerName, newAddrs, enableActingMaster, zoneName);
    }
}
