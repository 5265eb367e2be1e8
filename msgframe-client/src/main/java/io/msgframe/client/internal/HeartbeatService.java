package io.msgframe.client.internal;

import io.msgframe.client.route.TopicRoutes;
import io.msgframe.protocol.body.ConsumerData;
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
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HEART_BEAT and UNREGISTER_CLIENT (reference §2.6.1, §2.6.2) for one client instance. A client with only
 * producers sends its heartbeat to the master of every broker it knows from a route; the body lists its producer
 * groups plus {@value #INNER_PRODUCER_GROUP}, as every Java client does. Once a consumer is registered, the body
 * also carries each consumer group's {@code ConsumerData} (asked of its consumer at every round, so subscriptions
 * are current) and heartbeats go to every broker address, slaves included.
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
    private final Map<String, Supplier<ConsumerData>> consumers = new ConcurrentHashMap<>();
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

    /**
     * Adds a consumer group; {@code data} is asked for its current {@link ConsumerData} at every heartbeat (null:
     * leave the group out of this one, e.g. a consumer with assigned queues and no subscription).
     *
     * @return false when the group was registered already
     */
    public boolean addConsumerGroup(String group, Supplier<ConsumerData> data) {
        return consumers.putIfAbsent(group, data) == null;
    }

    public void removeConsumerGroup(String group) {
        consumers.remove(group);
    }

    /** The heartbeat body this client sends now. */
    public HeartbeatData heartbeatData() {
        Set<ProducerData> producers = new LinkedHashSet<>();
        producerGroups.stream().sorted().forEach(group -> producers.add(new ProducerData(group)));
        producers.add(new ProducerData(INNER_PRODUCER_GROUP));
        Set<ConsumerData> consumerData = new LinkedHashSet<>();
        consumers.keySet().stream().sorted().forEach(group -> {
            Supplier<ConsumerData> supplier = consumers.get(group);
            ConsumerData data = supplier == null ? null : supplier.get();
            if (data != null) {
                consumerData.add(data);
            }
        });
        return new HeartbeatData(clientId, producers, consumerData);
    }

    /**
     * Sends a heartbeat to the master of every known broker, or with consumers to every known broker address;
     * results are logged, never thrown.
     */
    public void sendToAllMasters() {
        byte[] body = RemotingJson.encode(heartbeatData());
        Map<String, String> targets = new TreeMap<>();
        if (consumers.isEmpty()) {
            targets.putAll(routes.masterAddrs());
        } else {
            routes.allAddrs().forEach(addr -> targets.put(addr, addr));
        }
        targets.forEach((brokerName, addr) -> {
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

    /** UNREGISTER_CLIENT of consumer {@code group} to every known broker address; waits up to the timeout each. */
    public void unregisterConsumer(String group) {
        for (String addr : routes.allAddrs()) {
            RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                    .ext("clientID", clientId).ext("consumerGroup", group);
            try {
                RemotingCommand response = remoting.invokeSync(addr, request, timeoutMs);
                if (response.code() != ResponseCode.SUCCESS) {
                    log.warn("Broker {} refused to unregister consumer group {}: code {} {}", addr, group,
                            response.code(), response.remark());
                }
            } catch (RemotingException e) {
                log.warn("Could not unregister consumer group {} from broker {}: {}", group, addr, e.getMessage());
            }
        }
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
