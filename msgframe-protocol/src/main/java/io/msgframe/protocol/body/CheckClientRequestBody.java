package io.msgframe.protocol.body;

/**
 * Body of CHECK_CLIENT_CONFIG (reference §2.6.4): a non-TAG subscription a consumer wants validated before it
 * starts. {@code namespace} is a 5.x addition.
 */
public record CheckClientRequestBody(String clientId, String group, SubscriptionData subscriptionData,
                                     String namespace) {
}
