package io.msgframe.broker.registration;

import io.msgframe.broker.BrokerFixture;
import io.msgframe.protocol.body.RegisterBrokerBody;
import io.msgframe.protocol.body.TopicConfig;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingExecutors;
import io.msgframe.remoting.RemotingServer;
import io.msgframe.remoting.RemotingServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker's side of REGISTER_BROKER / UNREGISTER_BROKER, against a name server that records what it gets. */
class NameServerRegistrarTest {
    @TempDir
    Path dir;
    private final List<RemotingCommand> received = new CopyOnWriteArrayList<>();
    private RemotingServer nameServer;
    private ExecutorService executor;

    @BeforeEach
    void startNameServer() {
        nameServer = new RemotingServer(RemotingServerConfig.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withIoThreads(1));
        executor = RemotingExecutors.bounded("fake-namesrv", 1, 100);
        nameServer.registerProcessor(RequestCode.REGISTER_BROKER, (channel, request) -> {
            received.add(request);
            return RemotingCommand.success(request);
        }, executor);
        nameServer.registerProcessor(RequestCode.UNREGISTER_BROKER, (channel, request) -> {
            received.add(request);
            return RemotingCommand.success(request);
        }, executor);
        nameServer.start();
    }

    @AfterEach
    void stopNameServer() {
        nameServer.shutdown();
        RemotingExecutors.shutdown(executor, Duration.ofSeconds(1));
    }

    private String namesrvAddr() {
        return "127.0.0.1:" + nameServer.port();
    }

    @Test
    void registersAtStartWithA49StyleHeaderAndBody() {
        try (BrokerFixture fixture = new BrokerFixture(dir, "namesrvAddr", namesrvAddr())) {
            assertThat(received).as("registered before start() returns").hasSize(1);
            RemotingCommand register = received.get(0);
            assertThat(register.extFields()).containsEntry("brokerName", "broker-a")
                    .containsEntry("brokerAddr", fixture.addr())
                    .containsEntry("clusterName", "DefaultCluster")
                    .containsEntry("haServerAddr", "127.0.0.1:10912")
                    .containsEntry("brokerId", "0")
                    .containsEntry("compressed", "false")
                    .containsEntry("bodyCrc32", Integer.toString(NameServerRegistrar.crc32(register.body())));
            RegisterBrokerBody body = RegisterBrokerBody.decode(register.body(), false);
            assertThat(body.filterServerList()).isEmpty();
            assertThat(body.topicConfigSerializeWrapper().topicConfigTable().get("TBW102").perm()).isEqualTo(7);
            assertThat(body.topicConfigSerializeWrapper().dataVersion())
                    .isEqualTo(fixture.broker.topics().dataVersion());
        }
        RemotingCommand last = received.get(received.size() - 1);
        assertThat(last.code()).as("unregistered at shutdown").isEqualTo(RequestCode.UNREGISTER_BROKER);
        assertThat(last.extFields()).containsEntry("brokerName", "broker-a").containsEntry("brokerId", "0")
                .containsEntry("clusterName", "DefaultCluster").containsKey("brokerAddr");
    }

    @Test
    void aCreatedTopicIsRegisteredBeforeTheAdminIsAnswered() {
        try (BrokerFixture fixture = new BrokerFixture(dir, "namesrvAddr", namesrvAddr())) {
            RemotingCommand create = fixture.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                    .ext("topic", "Orders").ext("readQueueNums", 2).ext("writeQueueNums", 2).ext("perm", 6)
                    .ext("order", false));
            assertThat(create.code()).isEqualTo(ResponseCode.SUCCESS);
            TopicConfig registered = lastRegistration().topicConfigSerializeWrapper().topicConfigTable().get("Orders");
            assertThat(registered).isNotNull();
            assertThat(registered.writeQueueNums()).isEqualTo(2);
        }
    }

    @Test
    void withdrawingWritePermissionIsRegisteredAtOnceAsReadOnlyTopics() {
        try (BrokerFixture fixture = new BrokerFixture(dir, "namesrvAddr", namesrvAddr())) {
            fixture.broker.setWritable(false);
            RegisterBrokerBody body = lastRegistration();
            assertThat(body.topicConfigSerializeWrapper().topicConfigTable().get("TBW102").perm()).isEqualTo(4);
            assertThat(body.topicConfigSerializeWrapper().topicConfigTable().get("SELF_TEST_TOPIC").perm())
                    .isEqualTo(4);
            assertThat(fixture.broker.topics().find("SELF_TEST_TOPIC").perm()).as("the stored perm is kept")
                    .isEqualTo(6);
        }
    }

    @Test
    void anUnreachableNameServerIsNotFatal() {
        try (BrokerFixture fixture = new BrokerFixture(dir, "namesrvAddr", "127.0.0.1:1", "registerTimeoutMs", "500")) {
            assertThat(fixture.broker.registrar().registerAll()).isZero();
            assertThat(fixture.call(RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO)).code())
                    .isEqualTo(ResponseCode.SUCCESS);
        }
    }

    private RegisterBrokerBody lastRegistration() {
        for (int i = received.size() - 1; i >= 0; i--) {
            if (received.get(i).code() == RequestCode.REGISTER_BROKER) {
                return RegisterBrokerBody.decode(received.get(i).body(), false);
            }
        }
        throw new AssertionError("no registration received");
    }
}
