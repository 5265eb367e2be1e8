package io.msgframe.broker.send;

import io.msgframe.broker.Broker;
import io.msgframe.broker.idempotent.IdempotentAppender;
import io.msgframe.broker.idempotent.ProducerSequence;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.OffsetMessageId;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.UniqueIdGenerator;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import io.msgframe.store.commitlog.AppendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE (reference §2.5.1): check, build the record(s), append
 * asynchronously, and answer from the append's completion, so a send thread never waits for a flush. The
 * processor itself returns null; the response is written on the channel when the store completes (oneway sends
 * get none).
 *
 * <p>Every response, errors included, carries the ext fields {@code MSG_REGION} and {@code TRACE_ON}, which the
 * client reads. A successful one carries {@code msgId} (the offset id; for a batch every record's, joined by
 * {@code ,}), {@code queueId}, {@code queueOffset}, and {@code transactionId} (= UNIQ_KEY) for transactional
 * messages.
 */
public final class SendMessageProcessor implements RequestProcessor {
    static final String REGION = "DefaultRegion";
    static final String TRACE_ON = "true";
    private static final Logger log = LoggerFactory.getLogger(SendMessageProcessor.class);
    private static final InetSocketAddress UNKNOWN_HOST = new InetSocketAddress("0.0.0.0", 0);

    private final Broker broker;
    private final SendTargetResolver targets;
    private final MessageDrafts drafts;
    private final SpecialMessageRouting specialMessages;
    private final SequencedSends sequenced;

    public SendMessageProcessor(Broker broker) {
        this.broker = broker;
        this.targets = new SendTargetResolver(broker);
        this.specialMessages = new SpecialMessageRouting(broker.scheduleRouting());
        // the store host is looked up per message: its port is known only once the server is bound
        this.drafts = new MessageDrafts(broker.config().brokerClusterName(), broker::storeHost,
                new UniqueIdGenerator(broker.storeHost().getAddress(), Clock.systemDefaultZone()));
        this.sequenced = new SequencedSends(broker, new IdempotentAppender(broker.producerState().table()));
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        Pending pending;
        try {
            pending = append(channel, request);
        } catch (ProtocolException e) {
            if (request.isOneway()) {
                log.warn("Oneway send (code {}) from {} refused: {} {}", request.code(), channel.remoteAddress(),
                        e.responseCode(), e.getMessage());
            }
            return withSendExtFields(RemotingCommand.responseTo(request, e.responseCode(), e.getMessage()));
        }
        pending.result.whenComplete((result, failure) -> completed(channel, request, pending, result, failure));
        return null;
    }

    /** Runs on whichever thread completed the append (this send thread, or the flusher for sync flush). */
    private void completed(RemotingChannel channel, RemotingCommand request, Pending pending, AppendResult result,
                           Throwable failure) {
        if (failure == null && result.status().isWritten() && !pending.duplicate) {
            broker.stats().recordPut(result.messageCount());
        }
        if (request.isOneway()) {
            logOnewayFailure(channel, pending, result, failure);
            return;
        }
        RemotingCommand response;
        try {
            response = failure != null ? failed(request, failure) : answer(request, pending, result);
        } catch (RuntimeException e) {
            response = failed(request, e); // never leave the producer waiting for its timeout
        }
        channel.writeResponse(response);
    }

    /** A send under way: its request facts the response needs, and the append's future. */
    record Pending(SendTarget target, String uniqKey, boolean transactional,
                   CompletableFuture<AppendResult> result, boolean duplicate) {
        Pending(SendTarget target, String uniqKey, boolean transactional, CompletableFuture<AppendResult> result) {
            this(target, uniqKey, transactional, result, false);
        }
    }

    private Pending append(RemotingChannel channel, RemotingCommand request) {
        SendMessageRequestHeader header = SendMessageRequestHeader.parse(request);
        boolean batch = request.code() == RequestCode.SEND_BATCH_MESSAGE;
        if (batch && TopicNames.isRetryTopic(header.topic())) {
            throw new ProtocolException(ResponseCode.MESSAGE_ILLEGAL,
                    "batch request does not support retry group " + header.topic());
        }
        InetSocketAddress producer = channel.remoteSocketAddress() != null ? channel.remoteSocketAddress()
                : UNKNOWN_HOST;
        SendTarget target = targets.resolve(header, producer);
        ProducerSequence sequence = ProducerSequence.parse(header.properties());
        if (sequence != null) {
            // idempotent producer (io.msgframe.broker.idempotent): check and append atomically per queue
            return sequenced.append(sequence, header, target, request, batch, () -> batch
                    ? drafts.batchTemplate(header, target, producer)
                    : specialMessages.route(drafts.single(header, target, request.body(), producer)));
        }
        if (batch) {
            byte[] body = request.body();
            if (body == null || body.length == 0) {
                throw new ProtocolException(ResponseCode.MESSAGE_ILLEGAL, "the batch has no message");
            }
            MessageDraft template = drafts.batchTemplate(header, target, producer);
            return new Pending(target, null, false, broker.store().appendBatchAsync(template, ByteBuffer.wrap(body)));
        }
        boolean transactional = SpecialMessageRouting.isHalfMessage(header.properties(), header.sysFlag());
        if (transactional && broker.config().rejectTransactionMessage()) {
            throw new ProtocolException(ResponseCode.NO_PERMISSION,
                    "the broker[" + broker.config().brokerIP1() + "] sending transaction message is forbidden");
        }
        MessageDraft draft = specialMessages.route(drafts.single(header, target, request.body(), producer));
        String uniqKey = MessageProperties.find(draft.properties(), PropertyKeys.UNIQ_KEY);
        return new Pending(target, uniqKey, transactional, broker.store().appendAsync(draft));
    }

    private RemotingCommand answer(RemotingCommand request, Pending pending, AppendResult result) {
        RemotingCommand response = withSendExtFields(RemotingCommand.responseTo(request,
                AppendStatusCodes.responseCode(result.status()), AppendStatusCodes.remark(result)));
        if (result.status().isWritten()) {
            response.ext("msgId", messageIds(result))
                    .ext("queueId", pending.target.requestedQueueId())
                    .ext("queueOffset", result.queueOffset());
            if (pending.transactional) {
                response.ext("transactionId", pending.uniqKey);
            }
        }
        return response;
    }

    /** Offset ids of the stored records: one, or a batch's joined by ','. */
    private String messageIds(AppendResult result) {
        InetSocketAddress storeHost = broker.storeHost();
        long[] offsets = result.physicalOffsets();
        if (offsets.length <= 1) {
            return OffsetMessageId.encode(storeHost, result.physicalOffset());
        }
        StringBuilder ids = new StringBuilder(offsets.length * 33);
        for (int i = 0; i < offsets.length; i++) {
            if (i > 0) {
                ids.append(',');
            }
            ids.append(OffsetMessageId.encode(storeHost, offsets[i]));
        }
        return ids.toString();
    }

    private static RemotingCommand failed(RemotingCommand request, Throwable failure) {
        log.error("Append of request code {} failed unexpectedly", request.code(), failure);
        return withSendExtFields(RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, failure.toString()));
    }

    private static RemotingCommand withSendExtFields(RemotingCommand response) {
        return response.ext(PropertyKeys.MSG_REGION, REGION).ext(PropertyKeys.TRACE_SWITCH, TRACE_ON);
    }

    private static void logOnewayFailure(RemotingChannel channel, Pending pending, AppendResult result,
                                         Throwable failure) {
        if (failure != null) {
            log.error("Oneway send from {} to {} failed", channel.remoteAddress(), pending.target.topic(), failure);
        } else if (!result.status().isWritten()) {
            log.warn("Oneway send from {} to {} not stored: {} {}", channel.remoteAddress(), pending.target.topic(),
                    result.status(), result.error());
        }
    }
}
