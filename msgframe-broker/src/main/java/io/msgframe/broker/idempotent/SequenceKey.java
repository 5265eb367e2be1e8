package io.msgframe.broker.idempotent;

/** Sequences are counted per producer id and queue: the unit whose order the broker keeps. */
public record SequenceKey(long producerId, String topic, int queueId) {

    @Override
    public String toString() {
        return "producer " + producerId + " on " + topic + "/" + queueId;
    }
}
