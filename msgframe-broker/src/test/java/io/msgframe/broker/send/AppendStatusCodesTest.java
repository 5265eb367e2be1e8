package io.msgframe.broker.send;

import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.store.commitlog.AppendResult;
import io.msgframe.store.commitlog.AppendStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AppendStatusCodesTest {

    @Test
    void mapsEveryStatusAsRocketMqDoes() {
        assertThat(AppendStatusCodes.responseCode(AppendStatus.PUT_OK)).isEqualTo(ResponseCode.SUCCESS);
        assertThat(AppendStatusCodes.responseCode(AppendStatus.FLUSH_DISK_TIMEOUT)).isEqualTo(10);
        assertThat(AppendStatusCodes.responseCode(AppendStatus.MESSAGE_ILLEGAL)).isEqualTo(13);
        assertThat(AppendStatusCodes.responseCode(AppendStatus.PROPERTIES_SIZE_EXCEEDED)).isEqualTo(13);
        assertThat(AppendStatusCodes.responseCode(AppendStatus.DISK_FULL)).isEqualTo(14);
        assertThat(AppendStatusCodes.responseCode(AppendStatus.SERVICE_NOT_AVAILABLE)).isEqualTo(14);
        assertThat(AppendStatusCodes.responseCode(AppendStatus.CREATE_SEGMENT_FAILED))
                .isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(AppendStatusCodes.responseCode(AppendStatus.UNKNOWN_ERROR)).isEqualTo(ResponseCode.SYSTEM_ERROR);
    }

    @Test
    void remarkSaysWhatRocketMqSaysPlusTheStoresReason() {
        AppendResult full = AppendResult.failed(AppendStatus.DISK_FULL, "disk use is above the refusal ratio");
        AppendResult illegal = AppendResult.failed(AppendStatus.MESSAGE_ILLEGAL, "body too large");
        AppendResult ok = new AppendResult(AppendStatus.PUT_OK, 0, 100, 0, 1, 1, new long[] {0}, null);

        assertThat(AppendStatusCodes.remark(full)).startsWith("service not available now")
                .endsWith(": disk use is above the refusal ratio");
        assertThat(AppendStatusCodes.remark(illegal)).startsWith("the message is illegal").endsWith("body too large");
        assertThat(AppendStatusCodes.remark(ok)).isNull();
    }

    @Test
    void everyStatusHasACodeAndAWrittenOneKeepsItsHeader() {
        for (AppendStatus status : AppendStatus.values()) {
            assertThat(AppendStatusCodes.responseCode(status)).isGreaterThanOrEqualTo(0);
            AppendResult result = AppendResult.failed(status, "why");
            assertThat(AppendStatusCodes.remark(result) == null).isEqualTo(status == AppendStatus.PUT_OK);
        }
    }
}
