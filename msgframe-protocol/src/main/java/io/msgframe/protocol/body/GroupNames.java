package io.msgframe.protocol.body;

import java.util.Set;

/** Reserved producer and consumer group names (reference §6.9). */
public final class GroupNames {
    /** Every client instance's internal producer, used for fallback send-backs. */
    public static final String CLIENT_INNER_PRODUCER = "CLIENT_INNER_PRODUCER";
    public static final String DEFAULT_PRODUCER = "DEFAULT_PRODUCER";
    public static final String DEFAULT_CONSUMER = "DEFAULT_CONSUMER";
    public static final String TOOLS_CONSUMER = "TOOLS_CONSUMER";
    public static final String SCHEDULE_CONSUMER = "SCHEDULE_CONSUMER";
    public static final String FILTERSRV_CONSUMER = "FILTERSRV_CONSUMER";
    public static final String MONITOR_CONSUMER = "__MONITOR_CONSUMER";
    public static final String SELF_TEST_PRODUCER = "SELF_TEST_P_GROUP";
    public static final String SELF_TEST_CONSUMER = "SELF_TEST_C_GROUP";
    public static final String TRANSACTION_CHECK_GROUP = "CID_RMQ_SYS_TRANS";
    public static final String SYSTEM_GROUP_PREFIX = "CID_RMQ_SYS_";
    public static final String ONS_API_GROUP_PREFIX = "CID_ONSAPI_";

    private static final Set<String> RESERVED = Set.of(CLIENT_INNER_PRODUCER, DEFAULT_PRODUCER, DEFAULT_CONSUMER,
            TOOLS_CONSUMER, SCHEDULE_CONSUMER, FILTERSRV_CONSUMER, MONITOR_CONSUMER, SELF_TEST_PRODUCER,
            SELF_TEST_CONSUMER, TRANSACTION_CHECK_GROUP);

    private GroupNames() {
    }

    /** A name RocketMQ reserves for its own groups. */
    public static boolean isReserved(String group) {
        return group != null && (RESERVED.contains(group) || group.startsWith(SYSTEM_GROUP_PREFIX)
                || group.startsWith(ONS_API_GROUP_PREFIX));
    }
}
