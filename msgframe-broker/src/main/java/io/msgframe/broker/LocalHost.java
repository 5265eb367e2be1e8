package io.msgframe.broker;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Locale;

/**
 * Defaults that depend on the machine: the address clients should use and a broker name. Looked up once, at
 * class load, so the configuration table's defaults are stable for the life of the process.
 */
final class LocalHost {
    static final String FALLBACK_IP = "127.0.0.1";
    static final String FALLBACK_BROKER_NAME = "broker-a";

    private LocalHost() {
    }

    /** The first non-loopback, non-link-local IPv4 address of an interface that is up; 127.0.0.1 without one. */
    static String firstNonLoopbackIpv4() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            // no usable interface list: fall back to loopback
        }
        return FALLBACK_IP;
    }

    /**
     * "broker-" + the host name up to its first dot, with characters outside RocketMQ's name alphabet replaced by
     * '-' (the broker name is also a topic name); "broker-a" when the host name is unknown.
     */
    static String defaultBrokerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return FALLBACK_BROKER_NAME;
        }
        if (host == null || host.isBlank() || Character.isDigit(host.charAt(0)) && host.contains(".")) {
            return FALLBACK_BROKER_NAME; // unknown, or only an IP address
        }
        int dot = host.indexOf('.');
        String shortName = (dot > 0 ? host.substring(0, dot) : host).toLowerCase(Locale.ROOT);
        StringBuilder name = new StringBuilder("broker-");
        for (int i = 0; i < shortName.length() && name.length() < 64; i++) {
            char c = shortName.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            name.append(allowed ? c : '-');
        }
        return name.length() > "broker-".length() ? name.toString() : FALLBACK_BROKER_NAME;
    }
}
