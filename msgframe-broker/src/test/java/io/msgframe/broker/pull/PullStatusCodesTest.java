package io.msgframe.broker.pull;

import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.store.read.GetMessageStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PullStatusCodesTest {

    @Test
    void mapsEveryStatusPerTheReference() {
        assertThat(PullStatusCodes.responseCode(GetMessageStatus.FOUND, 5)).isEqualTo(ResponseCode.SUCCESS);
        assertThat(PullStatusCodes.responseCode(GetMessageStatus.NO_MATCHED_MESSAGE, 5))
                .isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(PullStatusCodes.responseCode(GetMessageStatus.OFFSET_FOUND_NULL, 5))
                .isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(PullStatusCodes.responseCode(GetMessageStatus.OFFSET_OVERFLOW_ONE, 5))
                .isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertThat(PullStatusCodes.responseCode(GetMessageStatus.OFFSET_TOO_SMALL, 5))
                .isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
        assertThat(PullStatusCodes.responseCode(GetMessageStatus.OFFSET_OVERFLOW_BADLY, 5))
                .isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
    }

    @Test
    void emptyOrMissingQueueIsNotFoundAtZeroAndMovedElsewhere() {
        for (GetMessageStatus status : new GetMessageStatus[] {GetMessageStatus.NO_MESSAGE_IN_QUEUE,
                GetMessageStatus.NO_MATCHED_LOGIC_QUEUE}) {
            assertThat(PullStatusCodes.responseCode(status, 0)).isEqualTo(ResponseCode.PULL_NOT_FOUND);
            assertThat(PullStatusCodes.responseCode(status, 7)).isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
        }
    }
}
