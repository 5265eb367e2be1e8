package io.msgframe.broker;

import io.msgframe.broker.admin.BrokerAdminProcessor;
import io.msgframe.broker.admin.ConsumerAdminProcessor;
import io.msgframe.broker.admin.GroupAdminProcessor;
import io.msgframe.broker.admin.TopicAdminProcessor;
import io.msgframe.broker.client.ClientConnectionListener;
import io.msgframe.broker.client.ClientManageProcessor;
import io.msgframe.broker.client.ConsumerIdsChangeNotifier;
import io.msgframe.broker.client.ConsumerRegistry;
import io.msgframe.broker.client.ProducerRegistry;
import io.msgframe.broker.client.QueueLockProcessor;
import io.msgframe.broker.client.RebalanceLockTable;
import io.msgframe.broker.group.SubscriptionGroupTable;
import io.msgframe.broker.idempotent.ProducerStateService;
import io.msgframe.broker.idempotent.ProducerStateTable;
import io.msgframe.broker.offset.ConsumerOffsetProcessor;
import io.msgframe.broker.offset.ConsumerOffsetTable;
import io.msgframe.broker.pull.PullMessageProcessor;
import io.msgframe.broker.pull.PullRequestHoldService;
import io.msgframe.broker.query.QueryMessageProcessor;
import io.msgframe.broker.registration.NameServerRegistrar;
import io.msgframe.broker.schedule.DelayLevelService;
import io.msgframe.broker.schedule.DelayLevels;
import io.msgframe.broker.schedule.DelayOffsets;
import io.msgframe.broker.schedule.DeliveryTimeRule;
import io.msgframe.broker.schedule.ScheduleRouting;
import io.msgframe.broker.send.SendMessageProcessor;
import io.msgframe.broker.stats.BrokerStats;
import io.msgframe.broker.topic.TopicConfigTable;
import io.msgframe.broker.transaction.EndTransactionProcessor;
import io.msgframe.broker.transaction.TransactionOutcomes;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.SysFlag;
import io.msgframe.remoting.ChannelEventListener;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RemotingServer;
import io.msgframe.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadPoolExecutor;

import static io.msgframe.broker.ProcessorTable.ADMIN;
import static io.msgframe.broker.ProcessorTable.CONSUMER_MANAGE;
import static io.msgframe.broker.ProcessorTable.HEARTBEAT;
import static io.msgframe.broker.ProcessorTable.PULL;
import static io.msgframe.broker.ProcessorTable.QUERY;
import static io.msgframe.broker.ProcessorTable.SEND;
import static io.msgframe.protocol.remoting.RequestCode.CHECK_CLIENT_CONFIG;
import static io.msgframe.protocol.remoting.RequestCode.DELETE_SUBSCRIPTIONGROUP;
import static io.msgframe.protocol.remoting.RequestCode.DELETE_TOPIC_IN_BROKER;
import static io.msgframe.protocol.remoting.RequestCode.END_TRANSACTION;
import static io.msgframe.protocol.remoting.RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG;
import static io.msgframe.protocol.remoting.RequestCode.GET_ALL_TOPIC_CONFIG;
import static io.msgframe.protocol.remoting.RequestCode.GET_BROKER_CONFIG;
import static io.msgframe.protocol.remoting.RequestCode.GET_BROKER_RUNTIME_INFO;
import static io.msgframe.protocol.remoting.RequestCode.GET_CONSUMER_CONNECTION_LIST;
import static io.msgframe.protocol.remoting.RequestCode.GET_CONSUMER_LIST_BY_GROUP;
import static io.msgframe.protocol.remoting.RequestCode.GET_CONSUME_STATS;
import static io.msgframe.protocol.remoting.RequestCode.GET_EARLIEST_MSG_STORETIME;
import static io.msgframe.protocol.remoting.RequestCode.GET_MAX_OFFSET;
import static io.msgframe.protocol.remoting.RequestCode.GET_MIN_OFFSET;
import static io.msgframe.protocol.remoting.RequestCode.GET_PRODUCER_CONNECTION_LIST;
import static io.msgframe.protocol.remoting.RequestCode.GET_TOPIC_STATS_INFO;
import static io.msgframe.protocol.remoting.RequestCode.HEART_BEAT;
import static io.msgframe.protocol.remoting.RequestCode.LITE_PULL_MESSAGE;
import static io.msgframe.protocol.remoting.RequestCode.LOCK_BATCH_MQ;
import static io.msgframe.protocol.remoting.RequestCode.PULL_MESSAGE;
import static io.msgframe.protocol.remoting.RequestCode.QUERY_CONSUMER_OFFSET;
import static io.msgframe.protocol.remoting.RequestCode.QUERY_MESSAGE;
import static io.msgframe.protocol.remoting.RequestCode.QUERY_TOPIC_CONSUME_BY_WHO;
import static io.msgframe.protocol.remoting.RequestCode.SEARCH_OFFSET_BY_TIMESTAMP;
import static io.msgframe.protocol.remoting.RequestCode.SEND_BATCH_MESSAGE;
import static io.msgframe.protocol.remoting.RequestCode.SEND_MESSAGE;
import static io.msgframe.protocol.remoting.RequestCode.SEND_MESSAGE_V2;
import static io.msgframe.protocol.remoting.RequestCode.UNLOCK_BATCH_MQ;
import static io.msgframe.protocol.remoting.RequestCode.UNREGISTER_CLIENT;
import static io.msgframe.protocol.remoting.RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP;
import static io.msgframe.protocol.remoting.RequestCode.UPDATE_AND_CREATE_TOPIC;
import static io.msgframe.protocol.remoting.RequestCode.UPDATE_BROKER_CONFIG;
import static io.msgframe.protocol.remoting.RequestCode.UPDATE_CONSUMER_OFFSET;
import static io.msgframe.protocol.remoting.RequestCode.VIEW_MESSAGE_BY_ID;

/**
 * The broker: wires the store, the topic / group / offset tables, the client registries, the processors and the
 * name-server registration, and starts and stops them in order. It holds no logic of its own.
 *
 * <p>Start: store (recovery) → config files → processors and server → long-poll hold service → offset flusher
 * and client housekeeping → registration with every name server. Shutdown, gracefully and in reverse: unregister
 * from the name servers, stop accepting and close connections, release held pulls, drain the processor
 * executors, stop the background threads, persist offsets and configs, stop the store (which flushes and removes
 * {@code abort}).
 */
public final class Broker {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    private static final long HOUSEKEEPING_PERIOD_MS = 10_000;

    private enum State { CREATED, RUNNING, STOPPED }

    private final BrokerConfig config;
    private final Clock clock;
    private final MessageStore store;
    private final TopicConfigTable topics;
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final RebalanceLockTable locks;
    private final BrokerStats stats;
    private final RemotingServer server;
    private final ProcessorTable processors;
    private final NameServerRegistrar registrar;
    private final PullRequestHoldService pullHold;
    private final PeriodicService offsetFlusher;
    private final PeriodicService clientHousekeeping;
    private final ProducerStateService producerState;
    private final TransactionOutcomes transactionOutcomes = new TransactionOutcomes();
    private final ScheduleRouting scheduleRouting;
    private final DelayLevelService delayService;
    private volatile InetSocketAddress storeHost;
    private volatile long bootTimestamp;
    private State state = State.CREATED;

    public Broker(BrokerConfig config) {
        this(config, Clock.systemDefaultZone());
    }

    public Broker(BrokerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.store = new MessageStore(config.storeConfig());
        Path configDir = config.storeConfig().root().resolve("config");
        this.topics = new TopicConfigTable(configDir.resolve("topics.json"), config, clock);
        this.groups = new SubscriptionGroupTable(configDir.resolve("subscriptionGroups.json"), config, clock);
        this.offsets = new ConsumerOffsetTable(configDir.resolve("consumerOffsets.json"));
        this.consumers = new ConsumerRegistry(clock, new ConsumerIdsChangeNotifier(groups));
        this.producers = new ProducerRegistry(clock);
        this.locks = new RebalanceLockTable(clock, config::rebalanceLockMaxLiveTimeMs);
        this.stats = new BrokerStats(clock);
        this.server = new RemotingServer(config.remotingConfig());
        this.processors = new ProcessorTable(server, config::threadsOf);
        this.registrar = new NameServerRegistrar(config, topics::snapshot);
        this.storeHost = new InetSocketAddress(config.brokerIP1(), config.listenPort());
        this.pullHold = new PullRequestHoldService(this);
        this.producerState = new ProducerStateService(configDir.resolve("producerState.json"), store,
                new ProducerStateTable(clock, config.producerStateExpiryMs(), config.producerStateMaxEntries()),
                config.producerStateSnapshotIntervalMs());
        this.offsetFlusher = new PeriodicService("msgframe-offset-flush", config.flushConsumerOffsetIntervalMs(),
                config.flushConsumerOffsetIntervalMs(), offsets::persist);
        this.clientHousekeeping = new PeriodicService("msgframe-client-housekeeping", HOUSEKEEPING_PERIOD_MS,
                HOUSEKEEPING_PERIOD_MS, () -> {
                    consumers.removeIdle(config.clientExpiryMs());
                    producers.removeIdle(config.clientExpiryMs());
                });
        DelayLevels delayLevels = DelayLevels.parse(config.messageDelayLevel());
        // timer messages are refused before routing (no timing wheel yet), so the timer bound is never reached
        this.scheduleRouting = new ScheduleRouting(delayLevels, Long.MAX_VALUE / 4, clock);
        this.delayService = new DelayLevelService(store, delayLevels,
                new DelayOffsets(configDir.resolve("delayOffsets.json")), clock, config.flushDelayOffsetIntervalMs());
        store.addBeforeConsumeQueueListener(new DeliveryTimeRule(delayLevels));
        store.addDispatchListener(r -> {
            if (TopicNames.SCHEDULE_TOPIC.equals(r.topic())) {
                delayService.wakeUp();
            }
        });
        topics.onChange(registrar::registerSoon);
        store.addDispatchListener(r -> {
            if (SysFlag.isDispatchedToConsumeQueue(r.sysFlag())) {
                pullHold.notifyMessageArriving(r.topic(), r.queueId(), r.queueOffset() + 1);
            }
        });
        server.addChannelListener(new ClientConnectionListener(consumers, producers));
        server.addChannelListener(new ChannelEventListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                pullHold.onChannelClosed(channel);
            }
        });
    }

    /**
     * Starts every part in order; on failure stops what was started and rethrows.
     *
     * @throws IllegalStateException if started before, or a part cannot start (the message says which)
     */
    public synchronized void start() {
        if (state != State.CREATED) {
            throw new IllegalStateException("a broker starts once; this one is " + state);
        }
        state = State.RUNNING;
        bootTimestamp = clock.millis();
        try {
            store.start();
            topics.load();
            groups.load();
            offsets.load();
            producerState.start();
            transactionOutcomes.load(store);
            delayService.start();
            registerProcessors(processors);
            server.start();
            config.bindPort(server.port());
            storeHost = new InetSocketAddress(config.brokerIP1(), server.port());
            pullHold.start();
            offsetFlusher.start();
            clientHousekeeping.start();
            registrar.start();
        } catch (RuntimeException e) {
            log.error("Broker {} failed to start; stopping what started", config.brokerName(), e);
            shutdown();
            throw e;
        }
        log.info("Broker {} of cluster {} (id {}) serving at {}, name servers [{}], permission {}",
                config.brokerName(), config.brokerClusterName(), config.brokerId(), config.brokerAddr(),
                config.namesrvAddr(), PermName.toDisplayString(config.brokerPermission()));
    }

    /** Stops gracefully in reverse order of start (see the class comment). Idempotent. */
    public synchronized void shutdown() {
        if (state != State.RUNNING) {
            return;
        }
        state = State.STOPPED;
        registrar.shutdown();
        server.shutdown();
        pullHold.shutdown();
        processors.shutdownExecutors();
        clientHousekeeping.stop();
        offsetFlusher.stop();
        delayService.stop();
        producerState.shutdown();
        persistQuietly("consumer offsets", offsets::persist);
        persistQuietly("topics", topics::persist);
        persistQuietly("subscription groups", groups::persist);
        store.shutdown();
        log.info("Broker {} stopped", config.brokerName());
    }

    /** The one table of request code → processor → executor kind. */
    private void registerProcessors(ProcessorTable table) {
        ClientManageProcessor client = new ClientManageProcessor(producers, consumers, groups, topics);
        table.register(HEART_BEAT, client, HEARTBEAT);
        table.register(UNREGISTER_CLIENT, client, HEARTBEAT);
        table.register(CHECK_CLIENT_CONFIG, client, HEARTBEAT);
        table.register(GET_CONSUMER_LIST_BY_GROUP, client, CONSUMER_MANAGE);

        QueueLockProcessor queueLocks = new QueueLockProcessor(locks);
        table.register(LOCK_BATCH_MQ, queueLocks, ADMIN);
        table.register(UNLOCK_BATCH_MQ, queueLocks, ADMIN);

        TopicAdminProcessor topicAdmin = new TopicAdminProcessor(this);
        table.register(UPDATE_AND_CREATE_TOPIC, topicAdmin, ADMIN);
        table.register(DELETE_TOPIC_IN_BROKER, topicAdmin, ADMIN);
        table.register(GET_ALL_TOPIC_CONFIG, topicAdmin, ADMIN);
        table.register(GET_TOPIC_STATS_INFO, topicAdmin, ADMIN);
        table.register(QUERY_TOPIC_CONSUME_BY_WHO, topicAdmin, ADMIN);

        ConsumerAdminProcessor consumerAdmin = new ConsumerAdminProcessor(this);
        table.register(GET_CONSUME_STATS, consumerAdmin, ADMIN);
        table.register(GET_CONSUMER_CONNECTION_LIST, consumerAdmin, ADMIN);
        table.register(GET_PRODUCER_CONNECTION_LIST, consumerAdmin, ADMIN);

        GroupAdminProcessor groupAdmin = new GroupAdminProcessor(this);
        table.register(UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, groupAdmin, ADMIN);
        table.register(GET_ALL_SUBSCRIPTIONGROUP_CONFIG, groupAdmin, ADMIN);
        table.register(DELETE_SUBSCRIPTIONGROUP, groupAdmin, ADMIN);

        BrokerAdminProcessor brokerAdmin = new BrokerAdminProcessor(this);
        table.register(GET_BROKER_RUNTIME_INFO, brokerAdmin, ADMIN);
        table.register(GET_BROKER_CONFIG, brokerAdmin, ADMIN);
        table.register(UPDATE_BROKER_CONFIG, brokerAdmin, ADMIN);

        // DATA-PATH: send, pull, offsets and queries (io.msgframe.broker.send/pull/offset/query)
        SendMessageProcessor send = new SendMessageProcessor(this);
        table.register(SEND_MESSAGE, send, SEND);
        table.register(SEND_MESSAGE_V2, send, SEND);
        table.register(SEND_BATCH_MESSAGE, send, SEND);

        PullMessageProcessor pull = new PullMessageProcessor(this);
        table.register(PULL_MESSAGE, pull, PULL);
        table.register(LITE_PULL_MESSAGE, pull, PULL);

        ConsumerOffsetProcessor consumerOffsets = new ConsumerOffsetProcessor(this);
        table.register(QUERY_CONSUMER_OFFSET, consumerOffsets, CONSUMER_MANAGE);
        table.register(UPDATE_CONSUMER_OFFSET, consumerOffsets, CONSUMER_MANAGE);
        table.register(GET_MAX_OFFSET, consumerOffsets, ADMIN);
        table.register(GET_MIN_OFFSET, consumerOffsets, ADMIN);
        table.register(SEARCH_OFFSET_BY_TIMESTAMP, consumerOffsets, ADMIN);
        table.register(GET_EARLIEST_MSG_STORETIME, consumerOffsets, ADMIN);

        QueryMessageProcessor query = new QueryMessageProcessor(this);
        table.register(QUERY_MESSAGE, query, QUERY);
        table.register(VIEW_MESSAGE_BY_ID, query, QUERY);

        table.register(END_TRANSACTION, new EndTransactionProcessor(this, transactionOutcomes), SEND);
        // not yet served (answered REQUEST_CODE_NOT_SUPPORTED): CONSUMER_SEND_MSG_BACK
    }

    // --- runtime changes -----------------------------------------------------------------------------

    /**
     * Changes runtime keys of the config ({@link BrokerConfig#RUNTIME_KEYS}); a changed broker permission or
     * name-server list is registered with the name servers before this returns.
     *
     * @return names of the keys whose value changed
     * @throws io.msgframe.protocol.config.ConfigException naming every bad or restart-only key; nothing changes
     */
    public Set<String> updateConfig(Map<String, String> changes) {
        Set<String> changed = config.update(changes);
        boolean permissionChanged = changed.contains(BrokerConfig.BROKER_PERMISSION.name());
        if (permissionChanged) {
            topics.bumpDataVersion();
        }
        if (permissionChanged || changed.contains(BrokerConfig.NAMESRV_ADDR.name())) {
            registrar.registerAll();
        }
        return changed;
    }

    /**
     * Grants or withdraws the broker's write permission — the first step of taking a broker out of service:
     * producers stop routing to it at their next route refresh while consumers drain it. Registered at once.
     */
    public void setWritable(boolean writable) {
        int perm = config.brokerPermission();
        int next = writable ? perm | PermName.WRITE : PermName.withoutWrite(perm);
        updateConfig(Map.of(BrokerConfig.BROKER_PERMISSION.name(), Integer.toString(next)));
    }

    public boolean isWritable() {
        return PermName.isWriteable(config.brokerPermission());
    }

    // --- accessors -------------------------------------------------------------------------------------

    /** The listening port (the chosen one when configured as 0). */
    public int port() {
        return server.port();
    }

    public BrokerConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public MessageStore store() {
        return store;
    }

    public TopicConfigTable topics() {
        return topics;
    }

    public SubscriptionGroupTable groups() {
        return groups;
    }

    public ConsumerOffsetTable offsets() {
        return offsets;
    }

    public ConsumerRegistry consumers() {
        return consumers;
    }

    public ProducerRegistry producers() {
        return producers;
    }

    /** The idempotent producer's sequence state (table, snapshot). */
    public ProducerStateService producerState() {
        return producerState;
    }

    /** Where delayed messages are parked before they are appended (SCHEDULE_TOPIC_XXXX). */
    public ScheduleRouting scheduleRouting() {
        return scheduleRouting;
    }

    public DelayLevelService delayService() {
        return delayService;
    }

    public RebalanceLockTable locks() {
        return locks;
    }

    /** Which half messages were committed or rolled back (END_TRANSACTION). */
    public TransactionOutcomes transactionOutcomes() {
        return transactionOutcomes;
    }

    public BrokerStats stats() {
        return stats;
    }

    /** brokerIP1 and the listening port: the store host written into every record and message id. */
    public InetSocketAddress storeHost() {
        return storeHost;
    }

    public RemotingServer server() {
        return server;
    }

    public ProcessorTable processors() {
        return processors;
    }

    /** The executor of a kind of request ({@link ProcessorTable#SEND} …), created on first use. */
    public ThreadPoolExecutor executor(String kind) {
        return processors.executor(kind);
    }

    public NameServerRegistrar registrar() {
        return registrar;
    }

    public PullRequestHoldService pullRequestHoldService() {
        return pullHold;
    }

    public long bootTimestamp() {
        return bootTimestamp;
    }

    private static void persistQuietly(String what, Runnable persist) {
        try {
            persist.run();
        } catch (RuntimeException e) {
            log.error("Cannot persist {} at shutdown", what, e);
        }
    }
}
