package io.msgframe.broker.send;

import io.msgframe.protocol.body.TopicFilterType;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.protocol.message.UniqueIdGenerator;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Builds the record to store from a checked send (reference §2.5.1 step 5): properties from the header with
 * {@code UNIQ_KEY} added when missing and {@code CLUSTER} set, bornHost = the producer's socket address,
 * storeHost = the broker's advertised address, sysFlag = the header's plus MULTI_TAGS for MULTI_TAG topics.
 */
final class MessageDrafts {
    private static final byte[] EMPTY = new byte[0];

    private final String clusterName;
    private final Supplier<InetSocketAddress> storeHost;
    private final UniqueIdGenerator uniqueIds;

    MessageDrafts(String clusterName, Supplier<InetSocketAddress> storeHost, UniqueIdGenerator uniqueIds) {
        this.clusterName = clusterName;
        this.storeHost = storeHost;
        this.uniqueIds = uniqueIds;
    }

    /** One message; {@code body} may be null (an empty body). */
    MessageDraft single(SendMessageRequestHeader header, SendTarget target, byte[] body, InetSocketAddress producer) {
        String properties = header.properties() == null ? "" : header.properties();
        properties = PropertiesEdit.withIfAbsent(properties, PropertyKeys.UNIQ_KEY, uniqueIds.next());
        if (target.deadLetter()) {
            properties = PropertiesEdit.without(properties, PropertyKeys.DELAY_TIME_LEVEL);
        }
        return common(header, target, producer)
                .body(body == null ? EMPTY : body)
                .properties(PropertiesEdit.with(properties, PropertyKeys.CLUSTER, clusterName));
    }

    /**
     * The template of a batch: every field an entry lacks (topic, queue, hosts, born time, sysFlag). Entries keep
     * their own properties, as the client wrote them with their own {@code UNIQ_KEY}; the template's properties
     * (the header's, i.e. the first message's {@code WAIT}) only decide whether the append waits for the flush.
     */
    MessageDraft batchTemplate(SendMessageRequestHeader header, SendTarget target, InetSocketAddress producer) {
        return common(header, target, producer)
                .body(EMPTY)
                .properties(header.properties() == null ? "" : header.properties());
    }

    private MessageDraft common(SendMessageRequestHeader header, SendTarget target, InetSocketAddress producer) {
        int sysFlag = header.sysFlag();
        if (target.topicConfig().topicFilterType() == TopicFilterType.MULTI_TAG) {
            sysFlag |= SysFlag.MULTI_TAGS;
        }
        return new MessageDraft()
                .topic(target.topic())
                .queueId(target.queueId())
                .flag(header.flag())
                .sysFlag(sysFlag)
                .bornTimestamp(header.bornTimestamp())
                .bornHost(producer)
                .storeHost(storeHost.get())
                .reconsumeTimes(header.reconsumeTimes());
    }
}
