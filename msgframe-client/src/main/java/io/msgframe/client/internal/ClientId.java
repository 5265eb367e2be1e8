package io.msgframe.client.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The id a client instance reports in heartbeats: {@code ip@instanceName}. The default instance name is
 * {@code pid#random} (e.g. {@code 10.0.0.5@12345#a1b2c3d4}), so two client instances never share an id, even in one
 * process — RocketMQ's default ({@code DEFAULT} or {@code pid#nanotime}) lets two consumers of a group on one
 * machine collide, and one of them then silently idles.
 */
public final class ClientId {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientId() {
    }

    /** {@code ip@instanceName}; a null instance name gets a fresh {@link #defaultInstanceName()}. */
    public static String of(String ip, String instanceName) {
        return ip + "@" + (instanceName == null ? defaultInstanceName() : instanceName);
    }

    /** {@code pid#8 hex digits of randomness}: unique per call. */
    public static String defaultInstanceName() {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return ProcessHandle.current().pid() + "#" + HexFormat.of().formatHex(random);
    }
}
