package io.msgframe.broker.admin;

import io.msgframe.broker.Broker;
import io.msgframe.protocol.body.NameValidator;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.SubscriptionGroupConfig;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer group administration (reference §2.14.9): UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
 * GET_ALL_SUBSCRIPTIONGROUP_CONFIG and DELETE_SUBSCRIPTIONGROUP (with its offsets when {@code removeOffset}
 * (4.9) or {@code cleanOffset} (5.x) is true).
 */
public final class GroupAdminProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(GroupAdminProcessor.class);

    private final Broker broker;

    public GroupAdminProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> createOrUpdate(channel, request);
            case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG -> RemotingCommand.success(request)
                    .body(RemotingJson.encode(broker.groups().snapshot()));
            case RequestCode.DELETE_SUBSCRIPTIONGROUP -> delete(channel, request);
            default -> throw new ProtocolException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        };
    }

    private RemotingCommand createOrUpdate(RemotingChannel channel, RemotingCommand request) {
        SubscriptionGroupConfig config = RemotingJson.decode(request.body(), SubscriptionGroupConfig.class);
        NameValidator.requireValidGroup(config.groupName());
        if (config.retryQueueNums() < 0 || config.retryMaxTimes() < -1) {
            throw new ProtocolException(ResponseCode.INVALID_PARAMETER, "retryQueueNums "
                    + config.retryQueueNums() + " / retryMaxTimes " + config.retryMaxTimes() + " out of range");
        }
        broker.groups().update(config);
        log.info("Subscription group {} updated by {}", config.groupName(), channel.remoteAddress());
        return RemotingCommand.success(request);
    }

    private RemotingCommand delete(RemotingChannel channel, RemotingCommand request) {
        String group = request.requireExt("groupName");
        boolean removeOffsets = request.extBoolean("removeOffset", false) || request.extBoolean("cleanOffset", false);
        boolean existed = broker.groups().delete(group);
        if (removeOffsets) {
            broker.offsets().deleteGroup(group);
        }
        log.info("Subscription group {} deleted by {}{}{}", group, channel.remoteAddress(),
                removeOffsets ? " with its offsets" : "", existed ? "" : " (it did not exist)");
        return RemotingCommand.success(request);
    }
}
