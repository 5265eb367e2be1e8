package io.msgframe.broker.client;

import io.msgframe.protocol.body.ConsumerData;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.remoting.LanguageCode;
import io.msgframe.remoting.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer groups and their live members, from heartbeats (reference §2.6.1). When the members or the
 * subscriptions of a group change, the {@link MembershipListener} is told with the group's current connections
 * (the broker sends each NOTIFY_CONSUMER_IDS_CHANGED so they rebalance at once). A member leaves on
 * UNREGISTER_CLIENT, when its connection closes, or after {@code clientExpiryMs} without a heartbeat.
 *
 * <p>Two open connections of one group reporting the same client id break rebalancing (both clients compute
 * the same share); the registry logs a WARN and remembers the pair for the group progress report.
 */
public final class ConsumerRegistry {
    private static final Logger log = LoggerFactory.getLogger(ConsumerRegistry.class);

    /** Told, outside any lock, that a group's membership or subscriptions changed. */
    @FunctionalInterface
    public interface MembershipListener {
        void changed(String group, List<RemotingChannel> members);
    }

    private final Clock clock;
    private final MembershipListener listener;
    private final ConcurrentHashMap<String, ConsumerGroupInfo> groups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> duplicateClientIds = new ConcurrentHashMap<>();

    public ConsumerRegistry(Clock clock, MembershipListener listener) {
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Registers or refreshes a member from a full heartbeat: its connection, how the group consumes and its
     * subscriptions.
     *
     * @return whether the membership changed (a new connection in the group)
     */
    public boolean register(String group, RemotingChannel channel, ConsumerData data, String clientId,
                            LanguageCode language, int version) {
        return register(group, channel, data, clientId, language, version, 0, true);
    }

    /**
     * {@link #register(String, RemotingChannel, ConsumerData, String, LanguageCode, int)} with the 5.x
     * heartbeat-v2 fingerprint; {@code withSubscriptions} false keeps the stored subscriptions (a heartbeat sent
     * without them because nothing changed).
     */
    public boolean register(String group, RemotingChannel channel, ConsumerData data, String clientId,
                            LanguageCode language, int version, int fingerprint, boolean withSubscriptions) {
        boolean[] result = new boolean[2]; // [0] new member, [1] subscriptions changed
        List<RemotingChannel>[] members = newChannelListHolder();
        groups.compute(group, (name, info) -> {
            ConsumerGroupInfo target = info == null ? new ConsumerGroupInfo(name) : info;
            ClientChannelInfo duplicate = target.sameClientIdElsewhere(clientId, channel);
            if (duplicate != null) {
                warnDuplicate(name, clientId, channel, duplicate);
            }
            ClientChannelInfo old = target.member(channel);
            int storedFingerprint = withSubscriptions ? fingerprint : old == null ? 0 : old.heartbeatFingerprint();
            ClientChannelInfo member = new ClientChannelInfo(channel, clientId, language, version, clock.millis(),
                    storedFingerprint);
            result[0] = target.updateMember(member, data.consumeType(), data.messageModel(),
                    data.consumeFromWhere());
            result[1] = withSubscriptions && target.updateSubscriptions(data.subscriptionDataSet());
            members[0] = target.channels();
            return target;
        });
        if (result[0]) {
            log.info("Consumer {} joined group {} from {} ({} member(s))", clientId, group, channel.remoteAddress(),
                    members[0].size());
        }
        if (result[0] || result[1]) {
            listener.changed(group, members[0]);
        }
        return result[0];
    }

    /** Removes every member of {@code group} with {@code clientId}. */
    public void unregister(String group, String clientId) {
        removeFrom(group, info -> info.removeClient(clientId), "unregistered");
    }

    /** Removes the member of {@code group} on {@code channel} (UNREGISTER_CLIENT as RocketMQ serves it). */
    public void unregister(String group, RemotingChannel channel) {
        removeFrom(group, info -> {
            ClientChannelInfo removed = info.remove(channel);
            return removed == null ? List.of() : List.of(removed);
        }, "unregistered");
    }

    /** The connection closed: it leaves every group it was in. */
    public void channelClosed(RemotingChannel channel) {
        for (String group : List.copyOf(groups.keySet())) {
            removeFrom(group, info -> {
                ClientChannelInfo removed = info.remove(channel);
                return removed == null ? List.of() : List.of(removed);
            }, "disconnected");
        }
    }

    /**
     * Drops members without a heartbeat for {@code expiryMs} and closes their connections.
     *
     * @return how many were dropped
     */
    public int removeIdle(long expiryMs) {
        long now = clock.millis();
        int count = 0;
        for (String group : List.copyOf(groups.keySet())) {
            List<ClientChannelInfo> removed = removeFrom(group, info -> info.removeIdle(now, expiryMs), "expired");
            for (ClientChannelInfo member : removed) {
                member.channel().close();
            }
            count += removed.size();
        }
        return count;
    }

    /** The group's subscription of {@code topic}, or null if none. */
    public SubscriptionData subscription(String group, String topic) {
        ConsumerGroupInfo info = groups.get(group);
        return info == null ? null : info.subscription(topic);
    }

    /** Client ids of the group's live members; empty if none. */
    public List<String> clientIds(String group) {
        ConsumerGroupInfo info = groups.get(group);
        return info == null ? List.of() : info.clientIds();
    }

    /** The group with its members and how it consumes, or null if it has no live member. */
    public ConsumerGroupInfo group(String group) {
        return groups.get(group);
    }

    /** Names of the groups with live members. */
    public Set<String> groups() {
        return new TreeSet<>(groups.keySet());
    }

    /** Groups whose live members subscribe to {@code topic}. */
    public Set<String> groupsSubscribing(String topic) {
        Set<String> result = new TreeSet<>();
        groups.forEach((name, info) -> {
            if (info.subscription(topic) != null) {
                result.add(name);
            }
        });
        return result;
    }

    /** Group → client ids seen on two open connections at once, since start (for the group progress report). */
    public Map<String, Set<String>> duplicateClientIds() {
        Map<String, Set<String>> copy = new TreeMap<>();
        duplicateClientIds.forEach((group, ids) -> copy.put(group, new TreeSet<>(ids)));
        return copy;
    }

    private interface Removal {
        List<ClientChannelInfo> apply(ConsumerGroupInfo info);
    }

    private List<ClientChannelInfo> removeFrom(String group, Removal removal, String why) {
        List<ClientChannelInfo> removed = new ArrayList<>();
        List<RemotingChannel>[] remaining = newChannelListHolder();
        groups.computeIfPresent(group, (name, info) -> {
            removed.addAll(removal.apply(info));
            remaining[0] = info.channels();
            return info.isEmpty() ? null : info;
        });
        for (ClientChannelInfo member : removed) {
            log.info("Consumer {} left group {} ({}, {})", member.clientId(), group, why, member.clientAddr());
        }
        if (!removed.isEmpty() && !remaining[0].isEmpty()) {
            listener.changed(group, remaining[0]);
        }
        return removed;
    }

    private void warnDuplicate(String group, String clientId, RemotingChannel channel, ClientChannelInfo other) {
        duplicateClientIds.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(clientId);
        log.warn("Consumer group {}: client id {} is used by two open connections ({} and {}); both clients will "
                        + "take the same queues and others none. Give each client a distinct instanceName",
                group, clientId, other.clientAddr(), channel.remoteAddress());
    }

    @SuppressWarnings("unchecked")
    private static List<RemotingChannel>[] newChannelListHolder() {
        return (List<RemotingChannel>[]) new List<?>[] {List.of()};
    }
}
