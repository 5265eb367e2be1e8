package io.msgframe.client.route;

import io.msgframe.client.NameServerException;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.TopicRouteData;
import io.msgframe.protocol.remoting.ProtocolException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GET_ROUTEINFO_BY_TOPIC (reference §2.3.1) against a list of name servers: asks the one that answered last, and on
 * a transport failure or an unexpected answer the next one, until one answers. Any name server's TOPIC_NOT_EXIST is
 * an answer (they all hold the same routes, rebuilt from broker registrations).
 */
public final class NameServerRoutes {
    private final RemotingClient remoting;
    private final List<String> addrs;
    private final long timeoutMs;
    private final AtomicInteger preferred = new AtomicInteger();

    public NameServerRoutes(RemotingClient remoting, List<String> addrs, long timeoutMs) {
        this.remoting = remoting;
        this.addrs = List.copyOf(addrs);
        this.timeoutMs = timeoutMs;
    }

    /**
     * The route of {@code topic}, or empty when the name servers have none (TOPIC_NOT_EXIST).
     *
     * @throws NameServerException when no name server answered
     */
    public Optional<TopicRouteData> fetch(String topic) {
        List<String> failures = new ArrayList<>();
        Throwable last = null;
        int start = preferred.get();
        for (int i = 0; i < addrs.size(); i++) {
            int index = (start + i) % addrs.size();
            String addr = addrs.get(index);
            RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).ext("topic", topic);
            try {
                RemotingCommand response = remoting.invokeSync(addr, request, timeoutMs);
                if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
                    preferred.set(index);
                    return Optional.empty();
                }
                if (response.code() != ResponseCode.SUCCESS) {
                    failures.add(addr + " answered code " + response.code() + " (" + response.remark() + ")");
                    continue;
                }
                TopicRouteData route = RemotingJson.decode(response.body(), TopicRouteData.class);
                preferred.set(index);
                return Optional.of(route);
            } catch (RemotingException | ProtocolException e) {
                failures.add(addr + ": " + e.getMessage());
                last = e;
            }
        }
        throw new NameServerException("route of topic '" + topic + "'", failures, last);
    }

    public List<String> addrs() {
        return addrs;
    }
}
