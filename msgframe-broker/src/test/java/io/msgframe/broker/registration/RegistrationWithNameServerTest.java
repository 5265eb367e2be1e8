package io.msgframe.broker.registration;

import io.msgframe.broker.BrokerFixture;
import io.msgframe.namesrv.NameServer;
import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.protocol.body.ClusterInfo;
import io.msgframe.protocol.body.QueueData;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.body.TopicRouteData;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A broker registered with a real MsgFrame name server: its topics get routes, and leave with it. */
class RegistrationWithNameServerTest {
    @TempDir
    Path dir;
    private NameServer nameServer;

    @BeforeEach
    void startNameServer() {
        nameServer = new NameServer(NamesrvConfig.defaults().with("bindAddress", "127.0.0.1", "listenPort", "0",
                "kvConfigPath", dir.resolve("namesrv/kvConfig.json").toString()));
        nameServer.start();
    }

    @AfterEach
    void stopNameServer() {
        nameServer.shutdown();
    }

    private RemotingCommand route(BrokerFixture fixture, String topic) {
        return fixture.client.invokeSync(namesrvAddr(),
                RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).ext("topic", topic),
                BrokerFixture.TIMEOUT_MS);
    }

    private String namesrvAddr() {
        return "127.0.0.1:" + nameServer.port();
    }

    @Test
    void topicsOfARegisteredBrokerHaveRoutes() {
        try (BrokerFixture fixture = new BrokerFixture(dir.resolve("broker"), "namesrvAddr", namesrvAddr())) {
            RemotingCommand tbw = route(fixture, "TBW102");
            assertThat(tbw.code()).isEqualTo(ResponseCode.SUCCESS);
            TopicRouteData route = RemotingJson.decode(tbw.body(), TopicRouteData.class);
            assertThat(route.brokerDatas()).singleElement().satisfies(b -> {
                assertThat(b.brokerName()).isEqualTo("broker-a");
                assertThat(b.brokerAddrs()).containsEntry(0L, fixture.addr());
            });
            assertThat(route.queueDatas()).singleElement().extracting(QueueData::perm).isEqualTo(7);

            RemotingCommand create = fixture.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                    .ext("topic", "Orders").ext("readQueueNums", 4).ext("writeQueueNums", 4).ext("perm", 6)
                    .ext("order", false));
            assertThat(create.code()).isEqualTo(ResponseCode.SUCCESS);
            TopicRouteData orders = RemotingJson.decode(route(fixture, "Orders").body(), TopicRouteData.class);
            assertThat(orders.queueDatas()).singleElement().satisfies(q -> {
                assertThat(q.writeQueueNums()).isEqualTo(4);
                assertThat(q.perm()).isEqualTo(6);
            });

            fixture.broker.setWritable(false);
            TopicRouteData readOnly = RemotingJson.decode(route(fixture, "Orders").body(), TopicRouteData.class);
            assertThat(readOnly.queueDatas().get(0).perm()).as("taken out: read only").isEqualTo(4);

            RemotingCommand cluster = fixture.client.invokeSync(namesrvAddr(),
                    RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), BrokerFixture.TIMEOUT_MS);
            assertThat(RemotingJson.decode(cluster.body(), ClusterInfo.class).clusterAddrTable())
                    .containsKey("DefaultCluster");
        }
        assertThat(nameServer.routeRegistry().route("Orders")).as("the broker unregistered at shutdown").isNull();
    }
}
