package io.msgframe.protocol.body;

import java.util.Set;

/** Body of a QUERY_TOPIC_CONSUME_BY_WHO response (reference §2.14.7): groups consuming a topic. */
public record GroupList(Set<String> groupList) {

    public GroupList {
        groupList = Copies.set(groupList);
    }
}
