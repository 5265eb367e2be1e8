package io.msgframe.namesrv.processor;

import io.msgframe.namesrv.kv.KvConfigStore;
import io.msgframe.protocol.body.KVTable;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;

import java.util.Map;

/**
 * KV config requests (reference §2.3.8): PUT_KV_CONFIG, GET_KV_CONFIG, DELETE_KV_CONFIG,
 * GET_KVLIST_BY_NAMESPACE. Admin tools use namespace {@code ORDER_TOPIC_CONFIG}.
 */
public final class KvConfigProcessor implements RequestProcessor {
    private final KvConfigStore store;

    public KvConfigProcessor(KvConfigStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.PUT_KV_CONFIG -> {
                store.put(request.requireExt("namespace"), request.requireExt("key"), request.requireExt("value"));
                yield RemotingCommand.success(request);
            }
            case RequestCode.GET_KV_CONFIG -> get(request);
            case RequestCode.DELETE_KV_CONFIG -> {
                store.delete(request.requireExt("namespace"), request.requireExt("key"));
                yield RemotingCommand.success(request);
            }
            case RequestCode.GET_KVLIST_BY_NAMESPACE -> list(request);
            default -> throw new IllegalArgumentException("request code " + request.code() + " is not a KV request");
        };
    }

    private RemotingCommand get(RemotingCommand request) {
        String namespace = request.requireExt("namespace");
        String key = request.requireExt("key");
        String value = store.get(namespace, key);
        if (value == null) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                    "No config item, Namespace: " + namespace + " Key: " + key);
        }
        return RemotingCommand.success(request).ext("value", value);
    }

    private RemotingCommand list(RemotingCommand request) {
        String namespace = request.requireExt("namespace");
        Map<String, String> entries = store.namespace(namespace);
        if (entries.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                    "No config item, Namespace: " + namespace);
        }
        return RemotingCommand.success(request).body(RemotingJson.encode(new KVTable(entries)));
    }
}
