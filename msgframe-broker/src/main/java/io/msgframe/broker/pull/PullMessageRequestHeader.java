package io.msgframe.broker.pull;

import io.msgframe.protocol.remoting.RemotingCommand;

/**
 * The custom header of PULL_MESSAGE and LITE_PULL_MESSAGE (reference §2.7.1). {@code consumerGroup}, {@code topic},
 * {@code queueId}, {@code queueOffset}, {@code maxMsgNums} and {@code sysFlag} are required; the others default to
 * what a client sends when it has nothing to say (0, null).
 *
 * @param subscription   the expression; meaningful only with {@link PullSysFlag#SUBSCRIPTION}
 * @param expressionType {@code "TAG"} (also when absent) or {@code "SQL92"}
 * @param maxMsgBytes    5.x push consumers' byte budget; null when absent
 */
public record PullMessageRequestHeader(String consumerGroup, String topic, int queueId, long queueOffset,
                                       int maxMsgNums, int sysFlag, long commitOffset, long suspendTimeoutMillis,
                                       String subscription, long subVersion, String expressionType,
                                       Integer maxMsgBytes) {

    /** @throws io.msgframe.protocol.remoting.ProtocolException naming a missing or malformed field */
    public static PullMessageRequestHeader parse(RemotingCommand request) {
        String maxMsgBytes = request.ext("maxMsgBytes");
        return new PullMessageRequestHeader(
                request.requireExt("consumerGroup"),
                request.requireExt("topic"),
                request.extInt("queueId"),
                request.extLong("queueOffset"),
                request.extInt("maxMsgNums"),
                request.extInt("sysFlag"),
                request.extLong("commitOffset", 0L),
                request.extLong("suspendTimeoutMillis", 0L),
                request.ext("subscription"),
                request.extLong("subVersion", 0L),
                request.ext("expressionType"),
                maxMsgBytes == null ? null : request.extInt("maxMsgBytes"));
    }

    public boolean hasCommitOffset() {
        return PullSysFlag.hasCommitOffset(sysFlag);
    }

    public boolean hasSuspend() {
        return PullSysFlag.hasSuspend(sysFlag);
    }

    public boolean hasSubscription() {
        return PullSysFlag.hasSubscription(sysFlag);
    }
}
