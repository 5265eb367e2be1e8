package io.msgframe.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * RocketMQ {@code broker.conf} settings that have no MsgFrame key, so an existing RocketMQ file carries over:
 * settings MsgFrame has no use for are accepted with a warning that names them; settings whose value asks
 * for something MsgFrame does not do (a slave role, ACL, commit-log directories outside the store root) stop
 * start-up with a message naming them, rather than run differently from what the file says.
 */
final class RocketMqSettings {
    private static final Logger log = LoggerFactory.getLogger(RocketMqSettings.class);

    /** Accepted and not used: key → why. */
    private static final Map<String, String> IGNORED = Map.ofEntries(
            Map.entry("brokerIP2", "replication is not built yet"),
            Map.entry("slaveReadEnable", "replication is not built yet"),
            Map.entry("transactionCheckInterval", "the transaction check-back is not built yet"),
            Map.entry("transactionTimeOut", "the transaction check-back is not built yet"),
            Map.entry("transactionCheckMax", "the transaction check-back is not built yet"),
            Map.entry("useReentrantLockWhenPutMessage", "the commit log always takes one short lock"),
            Map.entry("waitTimeMillsInSendQueue", "a full send queue answers SYSTEM_BUSY at once"),
            Map.entry("osPageCacheBusyTimeOutMills", "there is no page-cache busy check"),
            Map.entry("transientStorePoolEnable", "messages are written to the mapped files directly"),
            Map.entry("traceTopicEnable", "message traces are not built"),
            Map.entry("enablePropertyFilter", "SQL92 filtering is not built; such subscriptions are refused"),
            Map.entry("rocketmqHome", "MsgFrame does not read RocketMQ's home directory"));

    private RocketMqSettings() {
    }

    /** Whether {@code key} is a RocketMQ setting this class decides on. */
    static boolean handles(String key) {
        return IGNORED.containsKey(key) || key.equals("brokerRole") || key.equals("aclEnable")
                || key.startsWith("storePath");
    }

    /**
     * @return why the value cannot be honoured, or empty when the setting is accepted (a warning is logged
     *         for settings that are not used)
     */
    static Optional<String> check(String key, String value) {
        String v = value == null ? "" : value.trim();
        switch (key) {
            case "brokerRole" -> {
                return v.equalsIgnoreCase("ASYNC_MASTER") ? Optional.empty() : Optional.of("brokerRole='" + v
                        + "': only ASYNC_MASTER is supported until replication (SYNC_MASTER, SLAVE) is built");
            }
            case "aclEnable" -> {
                return v.equalsIgnoreCase("true") ? Optional.of("aclEnable=true: access control is not built;"
                        + " refusing to start without the protection the file asks for") : Optional.empty();
            }
            default -> {
                if (key.startsWith("storePath")) {
                    return Optional.of(key + ": MsgFrame keeps commitlog/, consumequeue/ and index/ under"
                            + " storePathRootDir; remove this key");
                }
                log.warn("ignoring RocketMQ setting {}={}: {}", key, v, IGNORED.get(key));
                return Optional.empty();
            }
        }
    }
}
