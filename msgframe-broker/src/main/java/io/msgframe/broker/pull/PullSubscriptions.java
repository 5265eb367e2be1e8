package io.msgframe.broker.pull;

import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.ResponseCode;

/**
 * The subscription a pull is filtered with (reference §2.7.1 step 2): with the SUBSCRIPTION bit the one in the
 * request (lite pull), else the one the group's heartbeat registered (push). Only TAG expressions are
 * supported; SQL92 (or any other type) is refused with SYSTEM_ERROR, as a RocketMQ broker without property
 * filtering answers.
 */
final class PullSubscriptions {

    /** The subscriptions registered by heartbeats. */
    @FunctionalInterface
    interface Registered {
        /** The group's subscription of the topic, or null. */
        SubscriptionData subscription(String group, String topic);
    }

    private PullSubscriptions() {
    }

    /** @throws ProtocolException with RocketMQ's code and remark when the pull cannot be filtered */
    static SubscriptionData resolve(PullMessageRequestHeader header, Registered registered) {
        SubscriptionData subscription;
        if (header.hasSubscription()) {
            subscription = fromRequest(header);
        } else {
            subscription = registered.subscription(header.consumerGroup(), header.topic());
            if (subscription == null) {
                throw new ProtocolException(ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's subscription not exist, group: " + header.consumerGroup() + ", topic: "
                                + header.topic());
            }
            if (subscription.subVersion() < header.subVersion()) {
                throw new ProtocolException(ResponseCode.SUBSCRIPTION_NOT_LATEST,
                        "the consumer's subscription not latest");
            }
        }
        if (!isTagType(subscription.expressionType())) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR,
                    "The broker does not support consumer to filter message by " + subscription.expressionType());
        }
        return subscription;
    }

    /** The request's own expression, parsed as the client parses it: tags split on {@code ||}. */
    static SubscriptionData fromRequest(PullMessageRequestHeader header) {
        String type = header.expressionType();
        if (!isTagType(type)) {
            return new SubscriptionData(header.topic(), header.subscription(), null, null, header.subVersion(), type,
                    false);
        }
        return SubscriptionData.ofTags(header.topic(), header.subscription(), header.subVersion());
    }

    static boolean isTagType(String expressionType) {
        return expressionType == null || expressionType.isEmpty()
                || SubscriptionData.EXPRESSION_TAG.equals(expressionType);
    }
}
