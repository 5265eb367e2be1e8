package io.msgframe.broker.client;

import io.msgframe.broker.group.SubscriptionGroupTable;
import io.msgframe.protocol.body.SubscriptionGroupConfig;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.remoting.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Sends NOTIFY_CONSUMER_IDS_CHANGED (oneway, header {@code consumerGroup}; reference §2.9.2) to every member of a
 * group whose membership changed, so they rebalance now instead of within 20 s — unless the group's config turns
 * {@code notifyConsumerIdsChangedEnable} off.
 */
public final class ConsumerIdsChangeNotifier implements ConsumerRegistry.MembershipListener {
    private static final Logger log = LoggerFactory.getLogger(ConsumerIdsChangeNotifier.class);

    private final SubscriptionGroupTable groups;

    public ConsumerIdsChangeNotifier(SubscriptionGroupTable groups) {
        this.groups = groups;
    }

    @Override
    public void changed(String group, List<RemotingChannel> members) {
        SubscriptionGroupConfig config = groups.find(group);
        if (config != null && !config.notifyConsumerIdsChangedEnable()) {
            return;
        }
        for (RemotingChannel channel : members) {
            if (!channel.isActive()) {
                continue;
            }
            RemotingCommand notify = RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                    .ext("consumerGroup", group).markOneway();
            try {
                channel.invokeOneway(notify);
            } catch (RuntimeException e) {
                log.warn("Cannot notify {} that group {} changed: {}", channel.remoteAddress(), group, e.toString());
            }
        }
    }
}
