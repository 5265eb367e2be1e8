package io.msgframe.protocol.body;

import java.util.Set;

/**
 * Body of the topic-list responses (reference §2.3.3–2.3.5): topic names, and for GET_SYSTEM_TOPIC_LIST_FROM_NS
 * one broker address to ask next ({@code brokerAddr}, omitted when null).
 */
public record TopicList(Set<String> topicList, String brokerAddr) {

    public TopicList {
        topicList = Copies.set(topicList);
    }

    public TopicList(Set<String> topicList) {
        this(topicList, null);
    }
}
