package io.msgframe.broker.query;

import io.msgframe.broker.Broker;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import io.msgframe.store.MessageStore;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.index.IndexService;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading stored messages by id or key (reference §2.13): VIEW_MESSAGE_BY_ID (the record at a commit-log offset)
 * and QUERY_MESSAGE (records whose KEYS or UNIQ_KEY hold a key, through the index). Both answer with the stored
 * records as they are in the mapped files (zero copy, released once written).
 */
public final class QueryMessageProcessor implements RequestProcessor {
    /** RocketMQ's {@code defaultQueryMaxNum}: the max for UNIQ_KEY queries, whatever the request says. */
    static final int UNIQUE_KEY_QUERY_MAX_NUM = 32;
    /** RocketMQ's {@code maxMsgsNumBatch}: no key query returns more. */
    static final int MAX_QUERY_NUM = 64;
    static final String UNIQUE_KEY_FLAG = "_UNIQUE_KEY_QUERY";
    static final String NOT_FOUND_REMARK = "can not find message, maybe time range not correct";

    private final Broker broker;

    public QueryMessageProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.VIEW_MESSAGE_BY_ID -> viewMessageById(request);
            case RequestCode.QUERY_MESSAGE -> queryMessage(request);
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        };
    }

    private RemotingCommand viewMessageById(RemotingCommand request) {
        long offset = request.extLong("offset");
        SegmentSlice record = offset < 0 ? null : broker.store().readRecord(offset);
        if (record == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "can not find message by the offset, " + offset);
        }
        return RemotingCommand.success(request).bodyParts(List.of(record.buffer()), record::close);
    }

    private RemotingCommand queryMessage(RemotingCommand request) {
        String topic = request.requireExt("topic");
        String key = request.requireExt("key");
        boolean uniqueKey = request.extBoolean(UNIQUE_KEY_FLAG, false);
        int maxNum = uniqueKey ? UNIQUE_KEY_QUERY_MAX_NUM
                : Math.min(Math.max(1, request.extInt("maxNum", MAX_QUERY_NUM)), MAX_QUERY_NUM);
        long begin = request.extLong("beginTimestamp", 0L);
        long end = request.extLong("endTimestamp", Long.MAX_VALUE);
        MessageStore store = broker.store();
        IndexService index = store.index();
        RemotingCommand response = RemotingCommand.success(request)
                .ext("indexLastUpdateTimestamp", index.lastIndexedTimestamp())
                .ext("indexLastUpdatePhyoffset", Math.max(0, index.lastIndexedPhyOffset()));
        List<SegmentSlice> records = store.queryByKey(topic, key, maxNum, begin, end);
        if (records.isEmpty()) {
            return response.code(ResponseCode.QUERY_NOT_FOUND).remark(NOT_FOUND_REMARK);
        }
        List<ByteBuffer> parts = new ArrayList<>(records.size());
        for (SegmentSlice record : records) {
            parts.add(record.buffer());
        }
        return response.bodyParts(parts, () -> records.forEach(SegmentSlice::close));
    }
}
