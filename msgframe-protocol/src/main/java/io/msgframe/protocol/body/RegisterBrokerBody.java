package io.msgframe.protocol.body;

import java.util.List;

/**
 * Body of REGISTER_BROKER (reference §2.4.1): the broker's topic configs and (legacy, always empty) filter
 * servers. Two encodings, chosen by the request header's {@code compressed} flag: plain JSON, or RocketMQ's
 * zlib-compressed binary layout ({@link CompressedRegisterBrokerBody}).
 */
public record RegisterBrokerBody(TopicConfigSerializeWrapper topicConfigSerializeWrapper,
                                 List<String> filterServerList) {

    public RegisterBrokerBody {
        if (topicConfigSerializeWrapper == null) {
            topicConfigSerializeWrapper = new TopicConfigSerializeWrapper(null, null);
        }
        filterServerList = Copies.list(filterServerList);
    }

    public RegisterBrokerBody(TopicConfigSerializeWrapper topicConfigSerializeWrapper) {
        this(topicConfigSerializeWrapper, List.of());
    }

    /** The body as the {@code compressed} header flag says: zlib layout if true, JSON otherwise. */
    public byte[] encode(boolean compressed) {
        return compressed ? CompressedRegisterBrokerBody.encode(this) : RemotingJson.encode(this);
    }

    /**
     * Reads a REGISTER_BROKER body in the form the header's {@code compressed} flag names.
     *
     * @throws io.msgframe.protocol.remoting.ProtocolException (SYSTEM_ERROR) if it is malformed
     */
    public static RegisterBrokerBody decode(byte[] body, boolean compressed) {
        return compressed ? CompressedRegisterBrokerBody.decode(body) : RemotingJson.decode(body,
                RegisterBrokerBody.class);
    }
}
