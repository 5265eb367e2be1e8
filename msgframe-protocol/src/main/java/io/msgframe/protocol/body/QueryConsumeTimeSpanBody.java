package io.msgframe.protocol.body;

import java.util.List;

/** Body of a QUERY_CONSUME_TIME_SPAN response (reference §2.14.9). */
public record QueryConsumeTimeSpanBody(List<QueueTimeSpan> consumeTimeSpanSet) {

    public QueryConsumeTimeSpanBody {
        consumeTimeSpanSet = Copies.list(consumeTimeSpanSet);
    }
}
