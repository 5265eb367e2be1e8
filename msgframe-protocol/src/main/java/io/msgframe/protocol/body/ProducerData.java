package io.msgframe.protocol.body;

/** A producer group of a client instance, in a heartbeat (reference §2.6.1). */
public record ProducerData(String groupName) {
}
