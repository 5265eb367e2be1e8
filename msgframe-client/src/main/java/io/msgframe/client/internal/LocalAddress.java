package io.msgframe.client.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** The address a client names itself by (client id, UNIQ_KEY): the first non-loopback IPv4 of an interface that is up. */
public final class LocalAddress {
    private static final InetAddress ADDRESS = find();

    private LocalAddress() {
    }

    public static InetAddress get() {
        return ADDRESS;
    }

    private static InetAddress find() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        return address;
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            // no usable interface list: loopback below
        }
        return InetAddress.getLoopbackAddress();
    }
}
