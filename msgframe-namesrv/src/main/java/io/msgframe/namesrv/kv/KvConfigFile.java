package io.msgframe.namesrv.kv;

import java.util.Map;

/**
 * The KV config file's JSON shape, the same as RocketMQ's {@code kvConfig.json} so its files load unchanged:
 * {@code {"configTable":{"<namespace>":{"<key>":"<value>",…},…}}}.
 */
record KvConfigFile(Map<String, Map<String, String>> configTable) {

    KvConfigFile {
        configTable = configTable == null ? Map.of() : configTable;
    }
}
