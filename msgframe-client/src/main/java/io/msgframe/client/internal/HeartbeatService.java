package io.msgframe.client.internal;

import io.msgframe.client.route.TopicRoutes;
import io.msgframe.protocol.body.HeartbeatData;
import io.msgframe.protocol.body.ProducerData;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingClient;
import io.msgframe.remoting.RemotingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HEART_BEAT and UNREGISTER_CLIENT (reference §2.6.1, §2.6.2) for one client instance. A client with only
 * producers sends its heartbeat to the master of every broker it knows from a route; the body lists its producer
 * groups plus {@value #INNER_PRODUCER_GROUP}, as every Java client does. (Consumers, later, will add their
 * {@code ConsumerData} and make heartbeats go to every broker address, slaves included.)
 */
public final class HeartbeatService {
    /** The group every Java client instance lists (its internal producer for send-backs). */
    public static final String INNER_PRODUCER_GROUP = "CLIENT_INNER_PRODUCER";
    private static final Logger log = LoggerFactory.getLogger(HeartbeatService.class);

    private final RemotingClient remoting;
    private final TopicRoutes routes;
    private final String clientId;
    private final long timeoutMs;
    private final Set<String> producerGroups = ConcurrentHashMap.newKeySet();
    /** Broker address → whether its last heartbeat failed, so a failure is logged once, not every 30 s. */
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

    public HeartbeatService(RemotingClient remoting, TopicRoutes routes, String clientId, long timeoutMs) {
        this.remoting = remoting;
        this.routes = routes;
        this.clientId = clientId;
        this.timeoutMs = timeoutMs;
    }

    /** @return false when the group was registered already */
    public boolean addProducerGroup(String group) {
        return producerGroups.add(group);
    }

    public void removeProducerGroup(String group) {
        producerGroups.remove(group);
    }

    /** The heartbeat body this client sends now. */
    public HeartbeatData heartbeatData() {
        Set<ProducerData> producers = new LinkedHashSet<>();
        producerGroups.stream().sorted().forEach(group -> producers.add(new ProducerData(group)));
        producers.add(new ProducerData(INNER_PRODUCER_GROUP));
        return new HeartbeatData(clientId, producers, Set.of());
    }

    /** Sends a heartbeat to the master of every known broker; results are logged, never thrown. */
    public void sendToAllMasters() {
        byte[] body = RemotingJson.encode(heartbeatData());
        routes.masterAddrs().forEach((brokerName, addr) -> {
            RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT).body(body);
            remoting.invokeAsync(addr, request, timeoutMs).whenComplete((response, error) -> {
                if (error != null || response.code() != ResponseCode.SUCCESS) {
                    if (failing.put(addr, Boolean.TRUE) == null) {
                        log.warn("Heartbeat to broker {} ({}) failed: {}", brokerName, addr, error != null
                                ? RemotingFailures.unwrap(error).getMessage()
                                : "code " + response.code() + " " + response.remark());
                    }
                } else if (failing.remove(addr) != null) {
                    log.info("Heartbeat to broker {} ({}) succeeds again", brokerName, addr);
                }
            });
        });
    }

    /** UNREGISTER_CLIENT of {@code group} to every known master; waits for each answer up to the timeout. */
    public void unregisterProducer(String group) {
        routes.masterAddrs().forEach((brokerName, addr) -> {
            RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                    .ext("clientID", clientId).ext("producerGroup", group);
            try {
                RemotingCommand response = remoting.invokeSync(addr, request, timeoutMs);
                if (response.code() != ResponseCode.SUCCESS) {
                    log.warn("Broker {} ({}) refused to unregister producer group {}: code {} {}", brokerName, addr,
                            group, response.code(), response.remark());
                }
            } catch (RemotingException e) {
                log.warn("Could not unregister producer group {} from broker {} ({}): {}", group, brokerName, addr,
                        e.getMessage());
            }
        });
    }
}
