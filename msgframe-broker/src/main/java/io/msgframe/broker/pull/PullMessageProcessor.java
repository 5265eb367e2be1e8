package io.msgframe.broker.pull;

import io.msgframe.broker.Broker;
import io.msgframe.broker.BrokerConfig;
import io.msgframe.broker.ProcessorTable;
import io.msgframe.broker.client.ConsumerGroupInfo;
import io.msgframe.protocol.body.MessageModel;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.body.SubscriptionGroupConfig;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.read.GetMessageResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * PULL_MESSAGE and LITE_PULL_MESSAGE, answered identically (reference §2.7.1): checks, subscription, the read,
 * the piggy-backed offset commit, and long polling. A read that finds messages answers with the stored records
 * as they are in the mapped files (zero copy; the slices are released once written). A read that finds nothing
 * new for a SUSPEND pull is held in the {@link PullRequestHoldService}, and answered from the pull executor when
 * a message arrives or the hold ends.
 *
 * <p>Every pull response carries {@code suggestWhichBrokerId} (0: this broker has no slaves to offer),
 * {@code nextBeginOffset}, {@code minOffset} and {@code maxOffset}, and the store's status name as remark.
 */
public final class PullMessageProcessor implements RequestProcessor {
    /** RocketMQ's hold time when long polling is off (short polling). */
    static final long SHORT_POLLING_MS = 1_000;
    static final String BUSY_REMARK = "[REJECTREQUEST]system busy, start flow control for a while";
    private static final Logger log = LoggerFactory.getLogger(PullMessageProcessor.class);

    private final Broker broker;
    /** The pull executor, looked up once: resumptions come from the dispatcher thread, which must not wait. */
    private volatile Executor pullExecutor;

    public PullMessageProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return pull(channel, request, true);
    }

    /**
     * Serves one pull.
     *
     * @param allowSuspend false when re-running a held pull: it is answered whatever it finds, and its offset is
     *                     not committed again
     * @return the response, or null when the pull is held
     */
    RemotingCommand pull(RemotingChannel channel, RemotingCommand request, boolean allowSuspend) {
        try {
            return read(channel, request, allowSuspend);
        } catch (ProtocolException e) {
            return RemotingCommand.responseTo(request, e.responseCode(), e.getMessage());
        }
    }

    private RemotingCommand read(RemotingChannel channel, RemotingCommand request, boolean allowSuspend) {
        PullMessageRequestHeader header = PullMessageRequestHeader.parse(request);
        BrokerConfig config = broker.config();
        SubscriptionGroupConfig group = checkReadable(header, config, channel);
        if (!header.hasSubscription()) {
            checkBroadcastAllowed(group);
        }
        SubscriptionData subscription = PullSubscriptions.resolve(header, broker.consumers()::subscription);
        GetMessageResult result = broker.store().getMessages(header.consumerGroup(), header.topic(),
                header.queueId(), header.queueOffset(), header.maxMsgNums(), TagCodeFilter.of(subscription));
        try {
            return answer(channel, request, header, result, allowSuspend);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** Commits the piggy-backed offset, then holds the pull or answers it; owns {@code result} from here. */
    private RemotingCommand answer(RemotingChannel channel, RemotingCommand request, PullMessageRequestHeader header,
                                   GetMessageResult result, boolean allowSuspend) {
        BrokerConfig config = broker.config();
        int code = PullStatusCodes.responseCode(result.status(), header.queueOffset());
        if (allowSuspend && header.hasCommitOffset() && config.brokerId() == 0) {
            broker.offsets().commit(header.consumerGroup(), header.topic(), header.queueId(), header.commitOffset());
        }
        if (code == ResponseCode.PULL_NOT_FOUND && allowSuspend && header.hasSuspend()) {
            result.close();
            broker.pullRequestHoldService().suspend(channel, request, header.topic(), header.queueId(),
                    header.queueOffset(), holdMillis(header, config), this::resume);
            return null;
        }
        RemotingCommand response = RemotingCommand.responseTo(request, code, result.status().name())
                .ext("suggestWhichBrokerId", 0L)
                .ext("nextBeginOffset", result.nextBeginOffset())
                .ext("minOffset", result.minOffset())
                .ext("maxOffset", result.maxOffset());
        if (code == ResponseCode.SUCCESS) {
            List<ByteBuffer> records = new ArrayList<>(result.messageCount());
            for (SegmentSlice slice : result.messages()) {
                records.add(slice.buffer());
            }
            response.bodyParts(records, result::close);
            broker.stats().recordGet(header.consumerGroup(), result.messageCount());
        } else {
            result.close();
        }
        return response;
    }

    /** Broker, group, topic and queue checks of reference §2.7.1 step 1, with RocketMQ's codes and remarks. */
    private SubscriptionGroupConfig checkReadable(PullMessageRequestHeader header, BrokerConfig config,
                                                  RemotingChannel channel) {
        if (!PermName.isReadable(config.brokerPermission())) {
            throw new ProtocolException(ResponseCode.NO_PERMISSION,
                    "the broker[" + config.brokerIP1() + "] pulling message is forbidden");
        }
        String group = header.consumerGroup();
        SubscriptionGroupConfig groupConfig = broker.groups().findOrCreate(group);
        if (groupConfig == null) {
            throw new ProtocolException(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + group + "] does not exist");
        }
        if (!groupConfig.consumeEnable()) {
            throw new ProtocolException(ResponseCode.NO_PERMISSION, "subscription group no permission, " + group);
        }
        TopicConfig topic = broker.topics().find(header.topic());
        if (topic == null) {
            throw new ProtocolException(ResponseCode.TOPIC_NOT_EXIST,
                    "topic[" + header.topic() + "] not exist, apply first please!");
        }
        if (!PermName.isReadable(topic.perm())) {
            throw new ProtocolException(ResponseCode.NO_PERMISSION,
                    "the topic[" + header.topic() + "] pulling message is forbidden");
        }
        if (header.queueId() < 0 || header.queueId() >= topic.readQueueNums()) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, String.format(
                    "queueId[%d] is illegal, topic:[%s] topicConfig.readQueueNums:[%d] consumer:[%s]",
                    header.queueId(), header.topic(), topic.readQueueNums(), channel.remoteAddress()));
        }
        return groupConfig;
    }

    /** A group whose heartbeat says BROADCASTING may pull only if its config allows broadcast consumption. */
    private void checkBroadcastAllowed(SubscriptionGroupConfig group) {
        ConsumerGroupInfo info = broker.consumers().group(group.groupName());
        if (info != null && info.messageModel() == MessageModel.BROADCASTING && !group.consumeBroadcastEnable()) {
            throw new ProtocolException(ResponseCode.NO_PERMISSION,
                    "the consumer group[" + group.groupName() + "] can not consume by broadcast way");
        }
    }

    /**
     * How long a pull that found nothing is held: the client's {@code suspendTimeoutMillis} capped by the broker's
     * (the shorter wins; the broker's alone when the client sends none), or 1 s when long polling is off.
     */
    static long holdMillis(PullMessageRequestHeader header, BrokerConfig config) {
        if (!config.longPollingEnable()) {
            return SHORT_POLLING_MS;
        }
        long requested = header.suspendTimeoutMillis();
        long limit = config.suspendTimeoutMillis();
        return requested > 0 ? Math.min(requested, limit) : limit;
    }

    /** A held pull is released: pull again on the pull executor and answer. Runs on the releasing thread. */
    private void resume(HeldPullRequest held) {
        try {
            resumeExecutor().execute(() -> answerResumed(held));
        } catch (RejectedExecutionException e) {
            log.warn("Cannot resume {}: the pull executor is full or stopped", held);
            held.channel().writeResponse(RemotingCommand.responseTo(held.request(), ResponseCode.SYSTEM_BUSY,
                    BUSY_REMARK));
        }
    }

    private void answerResumed(HeldPullRequest held) {
        if (!held.channel().isActive()) {
            return;
        }
        RemotingCommand response;
        try {
            response = pull(held.channel(), held.request(), false);
        } catch (RuntimeException e) {
            log.warn("Resumed pull {} failed", held, e);
            response = RemotingCommand.responseTo(held.request(), ResponseCode.SYSTEM_ERROR, e.toString());
        }
        held.channel().writeResponse(response);
    }

    private Executor resumeExecutor() {
        Executor executor = pullExecutor;
        if (executor == null) {
            executor = broker.executor(ProcessorTable.PULL);
            pullExecutor = executor;
        }
        return executor;
    }
}
