package io.msgframe.broker.pull;

import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.store.read.GetMessageStatus;

/**
 * A read's status as a pull response code (reference §2.7.1, status mapping). The next offset comes from the
 * store, which already applies the table's corrections (min offset when too small, max when past the end, 0 for
 * an empty or missing queue).
 *
 * <pre>
 * FOUND                                      0  SUCCESS
 * NO_MATCHED_MESSAGE, OFFSET_FOUND_NULL     20  PULL_RETRY_IMMEDIATELY  (entries scanned, none served)
 * OFFSET_OVERFLOW_ONE                       19  PULL_NOT_FOUND          (caught up: the long-polling case)
 * OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY   21  PULL_OFFSET_MOVED
 * NO_MESSAGE_IN_QUEUE, NO_MATCHED_LOGIC_QUEUE   19 when the request offset is 0, else 21
 * </pre>
 */
final class PullStatusCodes {

    private PullStatusCodes() {
    }

    static int responseCode(GetMessageStatus status, long requestOffset) {
        return switch (status) {
            case FOUND -> ResponseCode.SUCCESS;
            case NO_MATCHED_MESSAGE, OFFSET_FOUND_NULL -> ResponseCode.PULL_RETRY_IMMEDIATELY;
            case OFFSET_OVERFLOW_ONE -> ResponseCode.PULL_NOT_FOUND;
            case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> ResponseCode.PULL_OFFSET_MOVED;
            case NO_MESSAGE_IN_QUEUE, NO_MATCHED_LOGIC_QUEUE ->
                    requestOffset != 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
        };
    }
}
