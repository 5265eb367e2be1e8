package io.msgframe.protocol.body;

import java.util.List;

/** Body of a GET_CONSUMER_LIST_BY_GROUP response (reference §2.6.3): client ids of the group's live members. */
public record GetConsumerListByGroupResponseBody(List<String> consumerIdList) {

    public GetConsumerListByGroupResponseBody {
        consumerIdList = Copies.list(consumerIdList);
    }
}
