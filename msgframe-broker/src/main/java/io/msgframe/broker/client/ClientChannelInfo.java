package io.msgframe.broker.client;

import io.msgframe.protocol.remoting.LanguageCode;
import io.msgframe.remoting.RemotingChannel;

/**
 * One client connection registered in a producer or consumer group: the channel, the client id and the
 * language and version ordinal from its request headers, when it last sent a heartbeat, and (5.x heartbeat v2)
 * the fingerprint of its last full heartbeat.
 */
public record ClientChannelInfo(RemotingChannel channel, String clientId, LanguageCode language, int version,
                                long lastUpdateMs, int heartbeatFingerprint) {

    public ClientChannelInfo(RemotingChannel channel, String clientId, LanguageCode language, int version,
                             long lastUpdateMs) {
        this(channel, clientId, language, version, lastUpdateMs, 0);
    }

    /** "ip:port" of the client's socket, as admin tools show it. */
    public String clientAddr() {
        return channel.remoteAddress();
    }

    ClientChannelInfo touched(long nowMs) {
        return new ClientChannelInfo(channel, clientId, language, version, nowMs, heartbeatFingerprint);
    }
}
