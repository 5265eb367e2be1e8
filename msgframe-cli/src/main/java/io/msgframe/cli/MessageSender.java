package io.msgframe.cli;

import io.msgframe.cli.TopicQueues.BrokerQueue;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.UniqueIdGenerator;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SEND_MESSAGE_V2 as a 4.9 Java producer sends it (reference §2.5.1): the one-letter header, a properties string
 * with TAGS, KEYS, WAIT=true, the user's properties and a UNIQ_KEY made like the client makes it, and the body
 * uncompressed. One sender per command; {@link #prepare} fixes a message's properties (and so its UNIQ_KEY) once,
 * so a retry on another queue sends the same message.
 */
final class MessageSender {
    static final String PRODUCER_GROUP = "MSGFRAME_CLI_PRODUCER";
    static final String DEFAULT_TOPIC = "TBW102";
    static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;
    /**
     * Codes a sync Java producer retries on another broker: the 4.9.x set (204 NO_BUYER_ID and 205
     * NOT_IN_CURRENT_UNIT are legacy codes MsgFrame never sends) plus SYSTEM_BUSY, as 5.x does.
     */
    private static final Set<Integer> RETRY_CODES = Set.of(ResponseCode.TOPIC_NOT_EXIST,
            ResponseCode.SERVICE_NOT_AVAILABLE, ResponseCode.SYSTEM_ERROR, ResponseCode.NO_PERMISSION, 204, 205,
            ResponseCode.SYSTEM_BUSY);

    /** A message ready to send: its topic, properties string (UNIQ_KEY included) and body. */
    record Prepared(String topic, String uniqKey, String properties, byte[] body) {
    }

    /** What the broker answered for a stored message, in the Java client's SendResult terms. */
    record SendResult(String status, String msgId, String offsetMsgId, BrokerQueue queue, long queueOffset) {
    }

    /** The result, or why not and whether another queue may do better. */
    record Outcome(SendResult result, CliException failure, boolean retryable) {
    }

    private final AdminClient client;
    private final UniqueIdGenerator ids = new UniqueIdGenerator(localAddress(), Clock.systemDefaultZone());

    MessageSender(AdminClient client) {
        this.client = client;
    }

    /** Fixes the properties: TAGS, KEYS (space separated), WAIT=true, the user's, and a fresh UNIQ_KEY. */
    Prepared prepare(String topic, String tags, List<String> keys, Map<String, String> userProperties,
                     byte[] body) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (tags != null && !tags.isEmpty()) {
            properties.put(PropertyKeys.TAGS, tags);
        }
        if (!keys.isEmpty()) {
            properties.put(PropertyKeys.KEYS, String.join(PropertyKeys.KEY_SEPARATOR, keys));
        }
        properties.put(PropertyKeys.WAIT_STORE_MSG_OK, "true");
        properties.putAll(userProperties);
        String uniqKey = ids.next();
        properties.put(PropertyKeys.UNIQ_KEY, uniqKey);
        return new Prepared(topic, uniqKey, MessageProperties.encode(properties), body);
    }

    /** Sends one message to one queue's master; a transport failure or refusal comes back in the outcome. */
    Outcome send(BrokerQueue queue, Prepared message) {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .ext("a", PRODUCER_GROUP)
                .ext("b", message.topic())
                .ext("c", DEFAULT_TOPIC)
                .ext("d", DEFAULT_TOPIC_QUEUE_NUMS)
                .ext("e", queue.queueId())
                .ext("f", 0)
                .ext("g", System.currentTimeMillis())
                .ext("h", 0)
                .ext("i", message.properties())
                .ext("j", 0)
                .ext("k", false)
                .ext("m", false)
                .ext("n", queue.brokerName())
                .body(message.body());
        String what = "sending to topic '" + message.topic() + "' (" + queue + ")";
        RemotingCommand response;
        try {
            response = client.askBroker(queue.brokerAddr(), request);
        } catch (CliException e) {
            return new Outcome(null, CliException.failed(what + ": " + e.getMessage(), e), true);
        }
        String status = statusOf(response.code());
        if (status == null) {
            return new Outcome(null, AdminClient.refused(what, queue.brokerAddr(), response),
                    RETRY_CODES.contains(response.code()));
        }
        try {
            BrokerQueue written = new BrokerQueue(queue.brokerName(), queue.brokerAddr(),
                    response.extInt("queueId", queue.queueId()));
            return new Outcome(new SendResult(status, message.uniqKey(), response.ext("msgId"), written,
                    response.extLong("queueOffset", -1)), null, false);
        } catch (ProtocolException e) {
            return new Outcome(null, CliException.failed(what + ": broker " + queue.brokerAddr()
                    + " sent an unreadable response header: " + e.getMessage()), false);
        }
    }

    /** The Java client's SendStatus for a response code that means "stored", else null (reference §2.5.1). */
    private static String statusOf(int code) {
        return switch (code) {
            case ResponseCode.SUCCESS -> "SEND_OK";
            case ResponseCode.FLUSH_DISK_TIMEOUT -> "FLUSH_DISK_TIMEOUT";
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> "FLUSH_SLAVE_TIMEOUT";
            case ResponseCode.SLAVE_NOT_AVAILABLE -> "SLAVE_NOT_AVAILABLE";
            default -> null;
        };
    }

    /** The address the UNIQ_KEY embeds: the first non-loopback IPv4 address of an interface that is up. */
    private static InetAddress localAddress() {
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
