package io.msgframe.broker.send;

import io.msgframe.broker.Broker;
import io.msgframe.broker.idempotent.AppendedSend;
import io.msgframe.broker.idempotent.IdempotentAppender;
import io.msgframe.broker.idempotent.ProducerSequence;
import io.msgframe.protocol.message.BatchBody;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageFormatException;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The send path of an idempotent producer's requests (those carrying {@code __MF_PID}): the request must name
 * its queue (a broker-picked queue has no sequence), a batch must hold as many messages as its sequence count,
 * then {@link IdempotentAppender} checks and appends atomically per queue. A duplicate is answered from the
 * remembered append: SUCCESS with the original queue offset and offset message id(s), nothing stored.
 */
final class SequencedSends {
    private final Broker broker;
    private final IdempotentAppender appender;

    SequencedSends(Broker broker, IdempotentAppender appender) {
        this.broker = broker;
        this.appender = appender;
    }

    SendMessageProcessor.Pending append(ProducerSequence sequence, SendMessageRequestHeader header, SendTarget target,
                                        RemotingCommand request, boolean batch, Supplier<MessageDraft> draftFor) {
        if (header.queueId() < 0) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, "an idempotent send must name its queue "
                    + "(queueId " + header.queueId() + " asks the broker to pick one)");
        }
        MessageDraft draft = draftFor.get();
        ByteBuffer body = batch ? batchBody(request, sequence) : null;
        IdempotentAppender.Outcome outcome = appender.append(sequence, target.topic(), target.queueId(),
                placed -> batch ? broker.store().appendBatchAsync(draft, body, placed)
                        : broker.store().appendAsync(draft, placed));
        String uniqKey = batch ? null : MessageProperties.find(draft.properties(), PropertyKeys.UNIQ_KEY);
        boolean transactional = !batch && SpecialMessageRouting.isHalfMessage(header.properties(), header.sysFlag());
        if (outcome.isDuplicate()) {
            AppendedSend original = outcome.duplicate();
            long[] offsets = original.physicalOffsets();
            AppendResult result = new AppendResult(AppendStatus.PUT_OK, offsets.length > 0 ? offsets[0] : -1, 0,
                    original.queueOffset(), original.storeTimestamp(), original.count(), offsets, null);
            return new SendMessageProcessor.Pending(target, uniqKey, transactional,
                    CompletableFuture.completedFuture(result), true);
        }
        return new SendMessageProcessor.Pending(target, uniqKey, transactional, outcome.appending(), false);
    }

    /** The batch body, checked to hold exactly the sequence's count of entries (else the sequence would lie). */
    private static ByteBuffer batchBody(RemotingCommand request, ProducerSequence sequence) {
        byte[] bytes = request.body();
        if (bytes == null || bytes.length == 0) {
            throw new ProtocolException(ResponseCode.MESSAGE_ILLEGAL, "the batch has no message");
        }
        int entries = 0;
        try {
            BatchBody entriesOf = new BatchBody(ByteBuffer.wrap(bytes));
            while (entriesOf.hasNext()) {
                entriesOf.next();
                entries++;
            }
        } catch (MessageFormatException | IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new ProtocolException(ResponseCode.MESSAGE_ILLEGAL, "unreadable batch body: " + e.getMessage());
        }
        if (entries != sequence.count()) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, "the batch holds " + entries + " messages but "
                    + "its property " + PropertyKeys.PRODUCER_SEQUENCE_COUNT + " says " + sequence.count());
        }
        return ByteBuffer.wrap(bytes);
    }
}
