package io.msgframe.client;

import io.msgframe.client.internal.ClientId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MsgFrameClientTest {
    private static final ClientConfig CONFIG = ClientConfig.builder().namesrvAddr("127.0.0.1:1").build();

    @Test
    void twoInstancesInOneJvmHaveDifferentClientIds() {
        try (MsgFrameClient a = MsgFrameClient.create(CONFIG); MsgFrameClient b = MsgFrameClient.create(CONFIG)) {
            assertThat(a.clientId()).isNotEqualTo(b.clientId());
            String pid = Long.toString(ProcessHandle.current().pid());
            assertThat(a.clientId()).matches("[0-9.]+@" + pid + "#[0-9a-f]{8}");
        }
    }

    @Test
    void configuredInstanceNameIsUsed() {
        ClientConfig named = ClientConfig.builder().namesrvAddr("127.0.0.1:1").instanceName("orders-1").build();
        try (MsgFrameClient client = MsgFrameClient.create(named)) {
            assertThat(client.clientId()).endsWith("@orders-1");
        }
    }

    @Test
    void sharedInstanceIsReusedPerConfigurationAndStopsWithItsLastUser() {
        MsgFrameClient first = MsgFrameClient.shared(CONFIG);
        MsgFrameClient second = MsgFrameClient.shared(CONFIG);
        assertThat(second).isSameAs(first);
        first.close();
        MsgFrameClient third = MsgFrameClient.shared(CONFIG);
        assertThat(third).isSameAs(first);
        second.close();
        third.close();
        MsgFrameClient fresh = MsgFrameClient.shared(CONFIG);
        try {
            assertThat(fresh).isNotSameAs(first);
        } finally {
            fresh.close();
        }
    }

    @Test
    void defaultInstanceNamesDiffer() {
        assertThat(ClientId.defaultInstanceName()).isNotEqualTo(ClientId.defaultInstanceName());
    }
}
