package io.msgframe.broker.transaction;

import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import io.msgframe.store.MessageStore;
import io.msgframe.store.file.SegmentSlice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * END_TRANSACTION (37, reference §2.11): the producer's (or a check answer's) commit, rollback or "unknown" for a
 * half message. Finds the half record at {@code commitLogOffset}, checks that it is a half record of
 * {@code producerGroup} at half-queue offset {@code tranStateTableOffset}, and hands it to the resolver. Clients
 * send it oneway; the response is built anyway (SYSTEM_ERROR with RocketMQ's remarks for a mismatch) and logged
 * when it is a refusal, since a oneway sender never sees it.
 */
final class EndTransactionProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(EndTransactionProcessor.class);

    private final MessageStore store;
    private final TransactionResolver resolver;

    EndTransactionProcessor(MessageStore store, TransactionResolver resolver) {
        this.store = store;
        this.resolver = resolver;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        RemotingCommand response;
        try {
            response = handle(request);
        } catch (ProtocolException e) {
            response = RemotingCommand.responseTo(request, e.responseCode(), e.getMessage());
        }
        if (response.code() != ResponseCode.SUCCESS) {
            log.warn("END_TRANSACTION from {} (msgId {}, fromTransactionCheck {}) refused: {} {}",
                    channel.remoteAddress(), request.ext("msgId"), request.ext("fromTransactionCheck"),
                    response.code(), response.remark());
        }
        return response;
    }

    private RemotingCommand handle(RemotingCommand request) {
        String group = request.requireExt("producerGroup");
        long tranStateTableOffset = request.extLong("tranStateTableOffset");
        long commitLogOffset = request.extLong("commitLogOffset");
        int type = request.extInt("commitOrRollback");
        if (type == SysFlag.TRANSACTION_NOT_TYPE) {
            return RemotingCommand.success(request); // unknown: the check-back will ask again
        }
        if (type != SysFlag.TRANSACTION_COMMIT_TYPE && type != SysFlag.TRANSACTION_ROLLBACK_TYPE) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "commitOrRollback " + type
                    + " is not 0 (unknown), 8 (commit) or 12 (rollback)");
        }
        try (SegmentSlice slice = store.readRecord(commitLogOffset)) {
            if (slice == null) {
                throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "Find prepared transaction message failed: "
                        + "no record at commit-log offset " + commitLogOffset);
            }
            MessageRecord half = new MessageRecord().wrap(slice.buffer(), slice.buffer().position());
            check(half, group, tranStateTableOffset, commitLogOffset);
            TransactionResolver.Outcome outcome = type == SysFlag.TRANSACTION_COMMIT_TYPE
                    ? resolver.commit(half) : resolver.rollback(half);
            if (outcome == TransactionResolver.Outcome.STORE_FAILED) {
                throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "the store refused the records of "
                        + "transaction " + request.ext("msgId") + "; it stays open and will be checked");
            }
            if (outcome == TransactionResolver.Outcome.ALREADY_FINISHED) {
                log.debug("END_TRANSACTION for {} at half offset {}: already finished", request.ext("msgId"),
                        tranStateTableOffset);
            }
            return RemotingCommand.success(request);
        }
    }

    /** RocketMQ's checks and remarks (reference §2.11). */
    static void check(MessageRecord half, String group, long tranStateTableOffset, long commitLogOffset) {
        if (!half.topicEquals(HalfMessages.HALF_TOPIC.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "The commit log offset wrong: the record at "
                    + commitLogOffset + " is in topic " + half.topic() + ", not a half message");
        }
        if (!group.equals(half.property(PropertyKeys.PRODUCER_GROUP))) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "The producer group wrong: the half message "
                    + "belongs to " + half.property(PropertyKeys.PRODUCER_GROUP) + ", not " + group);
        }
        if (half.queueOffset() != tranStateTableOffset) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "The transaction state table offset wrong: "
                    + tranStateTableOffset + " given, the half message is at " + half.queueOffset());
        }
        if (half.physicalOffset() != commitLogOffset) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "The commit log offset wrong: "
                    + commitLogOffset + " given, the record is at " + half.physicalOffset());
        }
    }
}
