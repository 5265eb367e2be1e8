package io.msgframe.broker.transaction;

import io.msgframe.broker.Broker;
import io.msgframe.broker.message.StoredMessages;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.MessageDraft;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.file.SegmentSlice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * END_TRANSACTION (37, reference §2.11): validates the request against the half record at its
 * {@code commitLogOffset} (producer group = {@code PGROUP}, half-queue offset, commit-log offset), then commits
 * (the real record, then an op record) or rolls back (an op record only); 0 = unknown does nothing. Clients send
 * it oneway, so the response is built but read by nobody; it is written when the store completed.
 */
public final class EndTransactionProcessor implements RequestProcessor {
    /** Tag of op records (reference §6.4). */
    static final String OP_TAG = "d";
    private static final Logger log = LoggerFactory.getLogger(EndTransactionProcessor.class);

    private final Broker broker;
    private final TransactionOutcomes outcomes;

    public EndTransactionProcessor(Broker broker, TransactionOutcomes outcomes) {
        this.broker = broker;
        this.outcomes = outcomes;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        try {
            return resolve(channel, request);
        } catch (ProtocolException e) {
            log.warn("END_TRANSACTION from {} refused: {}", channel.remoteAddress(), e.getMessage());
            return RemotingCommand.responseTo(request, e.responseCode(), e.getMessage());
        }
    }

    private RemotingCommand resolve(RemotingChannel channel, RemotingCommand request) {
        String group = request.ext("producerGroup");
        long queueOffset = request.extLong("tranStateTableOffset");
        long commitLogOffset = request.extLong("commitLogOffset");
        int type = request.extInt("commitOrRollback");
        if (type == SysFlag.TRANSACTION_NOT_TYPE) {
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        }
        if (type != SysFlag.TRANSACTION_COMMIT_TYPE && type != SysFlag.TRANSACTION_ROLLBACK_TYPE) {
            throw error("commitOrRollback " + type + " is not 0 (unknown), 8 (commit) or 12 (rollback)");
        }
        MessageDraft real;
        MessageDraft op;
        try (SegmentSlice slice = broker.store().readRecord(commitLogOffset)) {
            if (slice == null) {
                throw error("The commit log offset wrong: no message at commit-log offset " + commitLogOffset);
            }
            MessageRecord half = new MessageRecord().wrap(slice.buffer(), 0);
            validate(half, group, queueOffset, commitLogOffset);
            real = type == SysFlag.TRANSACTION_COMMIT_TYPE ? committed(half) : null;
            op = opRecord(half);
        }
        if (!outcomes.claim(queueOffset, type)) {
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS,
                    "the half message at commit-log offset " + commitLogOffset + " was already resolved");
        }
        CompletableFuture<AppendResult> first = real != null ? broker.store().appendAsync(real)
                : CompletableFuture.completedFuture(null);
        java.util.concurrent.atomic.AtomicBoolean realStored = new java.util.concurrent.atomic.AtomicBoolean();
        first.thenCompose(written -> {
            if (written != null && !written.status().isWritten()) {
                throw new IllegalStateException("commit record not stored: " + written.status());
            }
            realStored.set(written != null);
            return broker.store().appendAsync(op);
        }).whenComplete((written, failure) -> {
            RemotingCommand response;
            if (failure == null && written.status().isWritten()) {
                if (real != null) {
                    outcomes.committed();
                } else {
                    outcomes.rolledBack();
                }
                response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
            } else {
                if (!realStored.get()) {
                    outcomes.release(queueOffset); // no real record was written: a later attempt may resolve
                }
                String why = failure != null ? failure.toString() : String.valueOf(written.status());
                log.error("END_TRANSACTION {} of half message at commit-log offset {} failed: {}",
                        real != null ? "commit" : "rollback", commitLogOffset, why);
                response = RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                        "cannot store the outcome of the half message at commit-log offset " + commitLogOffset
                                + ": " + why);
            }
            if (!request.isOneway()) {
                channel.writeResponse(response);
            }
        });
        return null;
    }

    private static void validate(MessageRecord half, String group, long queueOffset, long commitLogOffset) {
        if (!TopicNames.TRANS_HALF_TOPIC.equals(half.topic()) || half.physicalOffset() != commitLogOffset) {
            throw error("The commit log offset wrong: the message at commit-log offset " + commitLogOffset
                    + " is not a half message (topic " + half.topic() + ")");
        }
        String halfGroup = half.property(PropertyKeys.PRODUCER_GROUP);
        if (halfGroup == null || !halfGroup.equals(group)) {
            throw error("The producer group wrong: the half message belongs to " + halfGroup + ", not " + group);
        }
        if (half.queueOffset() != queueOffset) {
            throw error("The transaction state table offset wrong: the half message's offset is "
                    + half.queueOffset() + ", not " + queueOffset);
        }
    }

    /** The real record of a committed half message (reference §2.11). */
    static MessageDraft committed(MessageRecord half) {
        return StoredMessages.toRealTopic(half, PropertyKeys.TRANSACTION_PREPARED,
                        PropertyKeys.TRANSACTION_CHECK_TIMES, PropertyKeys.TRANSACTION_PREPARED_QUEUE_OFFSET)
                .sysFlag(SysFlag.withTransactionType(half.sysFlag() & ~(SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6),
                        SysFlag.TRANSACTION_COMMIT_TYPE))
                .preparedTransactionOffset(half.physicalOffset());
    }

    /** The op record marking {@code half} done: tag "d", body = its half-queue offset as text. */
    MessageDraft opRecord(MessageRecord half) {
        return new MessageDraft().topic(TopicNames.TRANS_OP_HALF_TOPIC).queueId(0)
                .bornTimestamp(broker.clock().millis()).bornHost(broker.storeHost()).storeHost(broker.storeHost())
                .body(Long.toString(half.queueOffset()).getBytes(StandardCharsets.UTF_8))
                .properties(PropertyKeys.TAGS + "\u0001" + OP_TAG + "\u0002");
    }

    private static ProtocolException error(String remark) {
        return new ProtocolException(ResponseCode.SYSTEM_ERROR, remark);
    }
}
