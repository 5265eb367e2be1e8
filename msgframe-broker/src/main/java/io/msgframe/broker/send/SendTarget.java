package io.msgframe.broker.send;

import io.msgframe.protocol.body.TopicConfig;

/**
 * Where a send goes once checked: the topic and queue to append to, the topic's config, and whether the message
 * was redirected to its group's dead-letter topic.
 *
 * @param requestedQueueId the queue the producer asked for (a negative one replaced by the broker's pick); the
 *                         send response reports it, as RocketMQ does
 */
record SendTarget(String topic, int queueId, TopicConfig topicConfig, boolean deadLetter, int requestedQueueId) {
}
