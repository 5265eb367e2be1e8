package io.msgframe.broker.idempotent;

import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;

/**
 * The sequence facts of an idempotent send, read from its MsgFrame-private properties ({@code __MF_PID},
 * {@code __MF_EPOCH}, {@code __MF_SEQ}, {@code __MF_SEQN}; absent on every official client's send): the producer
 * id, the epoch of its sequence on the queue, the first sequence and how many messages the send holds (a batch
 * covers {@code first .. first + count - 1}).
 */
public record ProducerSequence(long producerId, int epoch, int firstSequence, int count) {

    public ProducerSequence {
        if (epoch < 0 || firstSequence < 0 || count < 1 || (long) firstSequence + count - 1 > Integer.MAX_VALUE) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, "bad producer sequence: producer id "
                    + producerId + " epoch " + epoch + " sequence " + firstSequence + " count " + count);
        }
    }

    /** The last sequence the send covers. */
    public int lastSequence() {
        return firstSequence + count - 1;
    }

    /**
     * The sequence of a send's properties, or null when it carries no producer id (not an idempotent send).
     *
     * @throws ProtocolException INVALID_PARAMETER naming the property that is missing or not a number
     */
    public static ProducerSequence parse(String properties) {
        String pid = MessageProperties.find(properties, PropertyKeys.PRODUCER_ID);
        if (pid == null) {
            return null;
        }
        long producerId = parseLong(PropertyKeys.PRODUCER_ID, pid);
        int epoch = (int) parseLong(PropertyKeys.PRODUCER_EPOCH, required(properties, PropertyKeys.PRODUCER_EPOCH));
        int first = (int) parseLong(PropertyKeys.PRODUCER_SEQUENCE,
                required(properties, PropertyKeys.PRODUCER_SEQUENCE));
        String countText = MessageProperties.find(properties, PropertyKeys.PRODUCER_SEQUENCE_COUNT);
        int count = countText == null ? 1 : (int) parseLong(PropertyKeys.PRODUCER_SEQUENCE_COUNT, countText);
        return new ProducerSequence(producerId, epoch, first, count);
    }

    private static String required(String properties, String name) {
        String value = MessageProperties.find(properties, name);
        if (value == null) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, "an idempotent send (property "
                    + PropertyKeys.PRODUCER_ID + ") needs property " + name);
        }
        return value;
    }

    private static long parseLong(String name, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (!name.equals(PropertyKeys.PRODUCER_ID) && (parsed < 0 || parsed > Integer.MAX_VALUE)) {
                throw new NumberFormatException("out of range");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, "property " + name + " of an idempotent "
                    + "send is not a valid number: '" + value + "'");
        }
    }
}
