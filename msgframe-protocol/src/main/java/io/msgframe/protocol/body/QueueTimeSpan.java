package io.msgframe.protocol.body;

/**
 * Store-time span of one queue and the group's position in it, in {@link QueryConsumeTimeSpanBody}
 * (reference §2.14.9). RocketMQ also writes formatted date strings ({@code minTimeStampStr}, …), which its tools
 * never read; they are not modelled.
 */
public record QueueTimeSpan(MessageQueue messageQueue, long minTimeStamp, long maxTimeStamp, long consumeTimeStamp,
                            long delayTime) {
}
