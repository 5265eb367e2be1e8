package io.msgframe.broker.client;

import io.msgframe.remoting.ChannelEventListener;
import io.msgframe.remoting.RemotingChannel;

/** A closed client connection leaves every producer and consumer group at once (reference §2.6.1). */
public final class ClientConnectionListener implements ChannelEventListener {
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;

    public ClientConnectionListener(ConsumerRegistry consumers, ProducerRegistry producers) {
        this.consumers = consumers;
        this.producers = producers;
    }

    @Override
    public void onClose(RemotingChannel channel) {
        consumers.channelClosed(channel);
        producers.channelClosed(channel);
    }
}
