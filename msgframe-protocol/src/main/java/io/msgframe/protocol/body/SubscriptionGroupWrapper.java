package io.msgframe.protocol.body;

import java.util.Map;

/**
 * Body of a GET_ALL_SUBSCRIPTIONGROUP_CONFIG response (reference §2.14.9): group configs with their version;
 * {@code forbiddenTable} (group → topic → forbidden bits) is a 5.x addition, written as {@code {}} when empty.
 */
public record SubscriptionGroupWrapper(DataVersion dataVersion,
                                       Map<String, SubscriptionGroupConfig> subscriptionGroupTable,
                                       Map<String, Map<String, Integer>> forbiddenTable) {

    public SubscriptionGroupWrapper {
        if (dataVersion == null) {
            dataVersion = DataVersion.NONE;
        }
        subscriptionGroupTable = Copies.map(subscriptionGroupTable);
        forbiddenTable = Copies.map(forbiddenTable);
    }

    public SubscriptionGroupWrapper(DataVersion dataVersion,
                                    Map<String, SubscriptionGroupConfig> subscriptionGroupTable) {
        this(dataVersion, subscriptionGroupTable, Map.of());
    }
}
