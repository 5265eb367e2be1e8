package io.msgframe.broker.client;

import io.msgframe.protocol.body.ConsumeFromWhere;
import io.msgframe.protocol.body.ConsumeType;
import io.msgframe.protocol.body.MessageModel;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.remoting.RemotingChannel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One consumer group as its heartbeats describe it: the live members (one per connection), how the group
 * consumes, and its subscriptions by topic. Subscriptions belong to the group, as in RocketMQ: the latest full
 * heartbeat of any member sets them (a topic it no longer lists is dropped; a stored subscription is replaced
 * only by one with a larger {@code subVersion}). All access is synchronized on the instance.
 */
public final class ConsumerGroupInfo {
    private final String groupName;
    private final Map<RemotingChannel, ClientChannelInfo> members = new LinkedHashMap<>();
    private final Map<String, SubscriptionData> subscriptions = new LinkedHashMap<>();
    private ConsumeType consumeType;
    private MessageModel messageModel;
    private ConsumeFromWhere consumeFromWhere;

    ConsumerGroupInfo(String groupName) {
        this.groupName = groupName;
    }

    public String groupName() {
        return groupName;
    }

    public synchronized List<ClientChannelInfo> members() {
        return List.copyOf(members.values());
    }

    /** Client ids of the members, in registration order. */
    public synchronized List<String> clientIds() {
        List<String> ids = new ArrayList<>(members.size());
        for (ClientChannelInfo member : members.values()) {
            ids.add(member.clientId());
        }
        return ids;
    }

    public synchronized List<RemotingChannel> channels() {
        return List.copyOf(members.keySet());
    }

    public synchronized ClientChannelInfo member(RemotingChannel channel) {
        return members.get(channel);
    }

    /** Topic → subscription, sorted by topic (a copy). */
    public synchronized Map<String, SubscriptionData> subscriptions() {
        return new TreeMap<>(subscriptions);
    }

    public synchronized SubscriptionData subscription(String topic) {
        return subscriptions.get(topic);
    }

    public synchronized ConsumeType consumeType() {
        return consumeType;
    }

    public synchronized MessageModel messageModel() {
        return messageModel;
    }

    public synchronized ConsumeFromWhere consumeFromWhere() {
        return consumeFromWhere;
    }

    public synchronized boolean isEmpty() {
        return members.isEmpty();
    }

    /** Adds or refreshes a member; true if its connection is new to the group. */
    synchronized boolean updateMember(ClientChannelInfo info, ConsumeType type, MessageModel model,
                                      ConsumeFromWhere fromWhere) {
        consumeType = type;
        messageModel = model;
        consumeFromWhere = fromWhere;
        return members.put(info.channel(), info) == null;
    }

    /** Refreshes a member's heartbeat time only; false if the connection is not a member. */
    synchronized boolean touch(RemotingChannel channel, long nowMs) {
        ClientChannelInfo member = members.get(channel);
        if (member == null) {
            return false;
        }
        members.put(channel, member.touched(nowMs));
        return true;
    }

    /** Replaces the subscriptions with those of a full heartbeat; true if the set of topics changed. */
    synchronized boolean updateSubscriptions(Set<SubscriptionData> incoming) {
        boolean changed = false;
        Map<String, SubscriptionData> byTopic = new LinkedHashMap<>();
        for (SubscriptionData sub : incoming) {
            if (sub.topic() != null) {
                byTopic.put(sub.topic(), sub);
            }
        }
        for (SubscriptionData sub : byTopic.values()) {
            SubscriptionData old = subscriptions.get(sub.topic());
            if (old == null) {
                subscriptions.put(sub.topic(), sub);
                changed = true;
            } else if (sub.subVersion() > old.subVersion()) {
                subscriptions.put(sub.topic(), sub);
            }
        }
        if (subscriptions.keySet().retainAll(byTopic.keySet())) {
            changed = true;
        }
        return changed;
    }

    synchronized ClientChannelInfo remove(RemotingChannel channel) {
        return members.remove(channel);
    }

    /** Removes every member with this client id; returns them. */
    synchronized List<ClientChannelInfo> removeClient(String clientId) {
        List<ClientChannelInfo> removed = new ArrayList<>();
        for (Iterator<ClientChannelInfo> it = members.values().iterator(); it.hasNext(); ) {
            ClientChannelInfo member = it.next();
            if (member.clientId().equals(clientId)) {
                removed.add(member);
                it.remove();
            }
        }
        return removed;
    }

    /** Removes members without a heartbeat for {@code expiryMs}; returns them. */
    synchronized List<ClientChannelInfo> removeIdle(long nowMs, long expiryMs) {
        List<ClientChannelInfo> removed = new ArrayList<>();
        for (Iterator<ClientChannelInfo> it = members.values().iterator(); it.hasNext(); ) {
            ClientChannelInfo member = it.next();
            if (nowMs - member.lastUpdateMs() > expiryMs) {
                removed.add(member);
                it.remove();
            }
        }
        return removed;
    }

    /** A member on another connection that is still open and reports the same client id, or null. */
    synchronized ClientChannelInfo sameClientIdElsewhere(String clientId, RemotingChannel channel) {
        for (Iterator<ClientChannelInfo> it = members.values().iterator(); it.hasNext(); ) {
            ClientChannelInfo member = it.next();
            if (member.channel() != channel && member.clientId().equals(clientId)) {
                if (member.channel().isActive()) {
                    return member;
                }
                it.remove(); // a reconnect whose close event has not arrived yet: not a duplicate
            }
        }
        return null;
    }
}
