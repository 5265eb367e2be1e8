package io.msgframe.broker.client;

import io.msgframe.protocol.remoting.LanguageCode;
import io.msgframe.remoting.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Producer groups and their live connections, from heartbeats. The broker uses them to reach a producer of a
 * group from the broker side (transaction check-back, reference §2.9.1) and admin tools list them
 * (GET_PRODUCER_CONNECTION_LIST).
 */
public final class ProducerRegistry {
    private static final Logger log = LoggerFactory.getLogger(ProducerRegistry.class);

    private final Clock clock;
    private final ConcurrentHashMap<String, Map<RemotingChannel, ClientChannelInfo>> groups =
            new ConcurrentHashMap<>();

    public ProducerRegistry(Clock clock) {
        this.clock = clock;
    }

    /** Registers or refreshes the connection of a producer of {@code group}. */
    public void register(String group, RemotingChannel channel, String clientId, LanguageCode language,
                         int version) {
        ClientChannelInfo info = new ClientChannelInfo(channel, clientId, language, version, clock.millis());
        boolean[] added = new boolean[1];
        groups.compute(group, (name, members) -> {
            Map<RemotingChannel, ClientChannelInfo> target = members == null ? new LinkedHashMap<>() : members;
            added[0] = target.put(channel, info) == null;
            return target;
        });
        if (added[0]) {
            log.debug("Producer {} joined group {} from {}", clientId, group, channel.remoteAddress());
        }
    }

    /** Removes every connection of {@code group} with {@code clientId}. */
    public void unregister(String group, String clientId) {
        groups.computeIfPresent(group, (name, members) -> {
            members.values().removeIf(member -> member.clientId().equals(clientId));
            return members.isEmpty() ? null : members;
        });
    }

    /** Removes the connection {@code channel} from {@code group}. */
    public void unregister(String group, RemotingChannel channel) {
        groups.computeIfPresent(group, (name, members) -> {
            members.remove(channel);
            return members.isEmpty() ? null : members;
        });
    }

    /** The connection closed: it leaves every group. */
    public void channelClosed(RemotingChannel channel) {
        for (String group : List.copyOf(groups.keySet())) {
            unregister(group, channel);
        }
    }

    /** Drops connections without a heartbeat for {@code expiryMs} and closes them; returns how many. */
    public int removeIdle(long expiryMs) {
        long now = clock.millis();
        List<ClientChannelInfo> removed = new ArrayList<>();
        for (String group : List.copyOf(groups.keySet())) {
            groups.computeIfPresent(group, (name, members) -> {
                members.values().removeIf(member -> {
                    boolean idle = now - member.lastUpdateMs() > expiryMs;
                    if (idle) {
                        removed.add(member);
                    }
                    return idle;
                });
                return members.isEmpty() ? null : members;
            });
        }
        for (ClientChannelInfo member : removed) {
            log.info("Producer {} ({}) expired: no heartbeat for {} ms", member.clientId(), member.clientAddr(),
                    expiryMs);
            member.channel().close();
        }
        return removed.size();
    }

    /** Open connections of {@code group}'s producers; empty if none. */
    public List<RemotingChannel> channels(String group) {
        List<RemotingChannel> channels = new ArrayList<>();
        for (ClientChannelInfo member : connections(group)) {
            if (member.channel().isActive()) {
                channels.add(member.channel());
            }
        }
        return channels;
    }

    /** The registered connections of {@code group}; empty if none. */
    public List<ClientChannelInfo> connections(String group) {
        List<ClientChannelInfo> result = new ArrayList<>();
        groups.computeIfPresent(group, (name, members) -> {
            result.addAll(members.values());
            return members;
        });
        return result;
    }

    public Set<String> groups() {
        return new TreeSet<>(groups.keySet());
    }
}
