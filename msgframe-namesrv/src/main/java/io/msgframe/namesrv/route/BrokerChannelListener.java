package io.msgframe.namesrv.route;

import io.msgframe.remoting.ChannelEventListener;
import io.msgframe.remoting.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A closed connection removes the broker that registered on it at once (reference §2.4.1), instead of waiting for
 * its heartbeat timeout. Idle timeouts and errors close the connection too, so the close event covers them.
 */
public final class BrokerChannelListener implements ChannelEventListener {
    private static final Logger log = LoggerFactory.getLogger(BrokerChannelListener.class);

    private final RouteRegistry registry;

    public BrokerChannelListener(RouteRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onClose(RemotingChannel channel) {
        registry.removeByChannel(channel).ifPresent(broker -> log.info(
                "Connection of broker {} id {} at {} closed: removed with its routes",
                broker.brokerName(), broker.brokerId(), broker.brokerAddr()));
    }
}
