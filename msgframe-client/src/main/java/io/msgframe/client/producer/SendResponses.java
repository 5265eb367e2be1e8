package io.msgframe.client.producer;

import io.msgframe.client.BrokerResponseException;
import io.msgframe.protocol.body.MessageQueue;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads send responses (reference §2.5.1): codes that mean "stored" become a {@link SendStatus}, every other code a
 * {@link BrokerResponseException}; and the codes a sync send retries on another broker.
 */
final class SendResponses {
    /**
     * Codes a sync send retries on another broker: RocketMQ 4.9.x's set (TOPIC_NOT_EXIST, SERVICE_NOT_AVAILABLE,
     * SYSTEM_ERROR, NO_PERMISSION, NO_BUYER_ID, NOT_IN_CURRENT_UNIT) plus 5.x's SYSTEM_BUSY and GO_AWAY.
     */
    static final Set<Integer> RETRY_CODES = Set.of(ResponseCode.TOPIC_NOT_EXIST, ResponseCode.SERVICE_NOT_AVAILABLE,
            ResponseCode.SYSTEM_ERROR, ResponseCode.NO_PERMISSION, 204, 205, ResponseCode.SYSTEM_BUSY, 1500);

    private SendResponses() {
    }

    /** The status of a response code meaning "stored", or null. */
    static SendStatus statusOf(int code) {
        return switch (code) {
            case ResponseCode.SUCCESS -> SendStatus.SEND_OK;
            case ResponseCode.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> null;
        };
    }

    /** The result of a single send (or of a whole batch, {@code msgId} = the joined UNIQ_KEYs). */
    static SendResult single(RemotingCommand response, MessageQueue queue, String addr, int requestCode,
                             String msgId) {
        SendStatus status = requireStored(response, queue, addr, requestCode);
        try {
            MessageQueue written = new MessageQueue(queue.topic(), queue.brokerName(),
                    response.extInt("queueId", queue.queueId()));
            return new SendResult(status, msgId, response.ext("msgId"), written, response.extLong("queueOffset"));
        } catch (ProtocolException e) {
            throw unreadable(queue, addr, requestCode, e);
        }
    }

    /** One result per message of a batch: offset ids split at ',', queue offsets first + index. */
    static List<SendResult> perMessage(RemotingCommand response, MessageQueue queue, String addr, int requestCode,
                                       List<String> uniqKeys) {
        SendStatus status = requireStored(response, queue, addr, requestCode);
        try {
            MessageQueue written = new MessageQueue(queue.topic(), queue.brokerName(),
                    response.extInt("queueId", queue.queueId()));
            long first = response.extLong("queueOffset");
            String ids = response.ext("msgId");
            String[] offsetIds = ids == null ? new String[0] : ids.split(",");
            List<SendResult> results = new ArrayList<>(uniqKeys.size());
            for (int i = 0; i < uniqKeys.size(); i++) {
                String offsetId = i < offsetIds.length ? offsetIds[i] : null;
                results.add(new SendResult(status, uniqKeys.get(i), offsetId, written, first + i));
            }
            return results;
        } catch (ProtocolException e) {
            throw unreadable(queue, addr, requestCode, e);
        }
    }

    private static SendStatus requireStored(RemotingCommand response, MessageQueue queue, String addr,
                                            int requestCode) {
        SendStatus status = statusOf(response.code());
        if (status == null) {
            throw new BrokerResponseException(queue.brokerName(), addr, requestCode, response.code(),
                    response.remark());
        }
        return status;
    }

    private static BrokerResponseException unreadable(MessageQueue queue, String addr, int requestCode,
                                                      ProtocolException e) {
        return new BrokerResponseException(queue.brokerName(), addr, requestCode, ResponseCode.SYSTEM_ERROR,
                "unreadable response header: " + e.getMessage());
    }
}
