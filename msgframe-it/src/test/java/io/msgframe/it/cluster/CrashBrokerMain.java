package io.msgframe.it.cluster;

import io.msgframe.broker.Broker;
import io.msgframe.namesrv.NameServer;
import io.msgframe.namesrv.config.NamesrvConfig;
import io.msgframe.protocol.body.PermName;
import io.msgframe.protocol.body.TopicConfig;

import java.nio.file.Path;

/**
 * The broker process of the crash test, run in a child JVM: a name server and a broker with
 * {@code flushMode=SYNC} (a send is acknowledged only once forced to disk) on 127.0.0.1, ports chosen at run time,
 * data under the given directory; creates the test topic if the data does not hold it yet.
 *
 * <p>Prints {@code READY namesrv=<addr> broker=<addr>} once serving. Stops gracefully when its standard input
 * ends (the parent closed it, or the parent died), so no child outlives the test.
 *
 * <p>Arguments: data directory, topic, queue count.
 */
public final class CrashBrokerMain {
    static final String BROKER_NAME = "broker-crash";

    private CrashBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String topic = args[1];
        int queues = Integer.parseInt(args[2]);

        NameServer nameServer = new NameServer(NamesrvConfig.defaults().with("bindAddress", "127.0.0.1",
                "listenPort", "0", "kvConfigPath", data.resolve("namesrv").resolve("kvConfig.json").toString()));
        nameServer.start();
        String namesrvAddr = "127.0.0.1:" + nameServer.port();
        Broker broker = new Broker(LocalCluster.brokerConfig(data.resolve("broker"), BROKER_NAME, namesrvAddr, 0,
                "flushMode", "SYNC", "sendThreads", "4"));
        broker.start();
        if (broker.topics().find(topic) == null) {
            broker.topics().update(TopicConfig.of(topic, queues, queues, PermName.READ_WRITE));
        }
        broker.registrar().registerAll();
        System.out.println("READY namesrv=" + namesrvAddr + " broker=127.0.0.1:" + broker.port());
        System.out.flush();

        while (System.in.read() != -1) {
            // wait for the end of input
        }
        broker.shutdown();
        nameServer.shutdown();
        System.exit(0);
    }
}
