package io.msgframe.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SysFlagAndMagicCodeTest {

    @Test
    void magicCodesHaveTheReferenceValues() {
        assertThat(MagicCode.V1).isEqualTo(-626843481);
        assertThat(MagicCode.V2).isEqualTo(-626843477);
        assertThat(MagicCode.BLANK).isEqualTo(-875286124);
        assertThat(MagicCode.BLANK_SIZE).isEqualTo(8);
    }

    @Test
    void onlyV1AndV2AreRecordMagics() {
        assertThat(MagicCode.isRecord(MagicCode.V1)).isTrue();
        assertThat(MagicCode.isRecord(MagicCode.V2)).isTrue();
        assertThat(MagicCode.isRecord(MagicCode.BLANK)).isFalse();
        assertThat(MagicCode.isRecord(0)).isFalse();
    }

    @Test
    void usesV1UpTo127TopicBytesAndV2Above() {
        assertThat(MagicCode.forTopicLength(0)).isEqualTo(MagicCode.V1);
        assertThat(MagicCode.forTopicLength(127)).isEqualTo(MagicCode.V1);
        assertThat(MagicCode.forTopicLength(128)).isEqualTo(MagicCode.V2);
        assertThat(MagicCode.forTopicLength(255)).isEqualTo(MagicCode.V2);
        assertThat(MagicCode.topicLengthSize(MagicCode.V1)).isEqualTo(1);
        assertThat(MagicCode.topicLengthSize(MagicCode.V2)).isEqualTo(2);
    }

    @Test
    void sysFlagBitsHaveTheReferenceValues() {
        assertThat(SysFlag.COMPRESSED).isEqualTo(0x1);
        assertThat(SysFlag.MULTI_TAGS).isEqualTo(0x2);
        assertThat(SysFlag.TRANSACTION_PREPARED_TYPE).isEqualTo(0x4);
        assertThat(SysFlag.TRANSACTION_COMMIT_TYPE).isEqualTo(0x8);
        assertThat(SysFlag.TRANSACTION_ROLLBACK_TYPE).isEqualTo(0xC);
        assertThat(SysFlag.BORNHOST_V6).isEqualTo(0x10);
        assertThat(SysFlag.STOREHOST_V6).isEqualTo(0x20);
        assertThat(SysFlag.NEED_UNWRAP).isEqualTo(0x40);
        assertThat(SysFlag.INNER_BATCH).isEqualTo(0x80);
        assertThat(SysFlag.COMPRESSION_ZLIB | SysFlag.COMPRESSED).isEqualTo(0x301);
    }

    @Test
    void transactionTypeIsBitsTwoAndThree() {
        int flags = SysFlag.COMPRESSED | SysFlag.COMPRESSION_ZLIB | SysFlag.BORNHOST_V6;

        assertThat(SysFlag.transactionType(flags | SysFlag.TRANSACTION_ROLLBACK_TYPE))
                .isEqualTo(SysFlag.TRANSACTION_ROLLBACK_TYPE);
        assertThat(SysFlag.withTransactionType(flags | SysFlag.TRANSACTION_PREPARED_TYPE, SysFlag.TRANSACTION_COMMIT_TYPE))
                .isEqualTo(flags | SysFlag.TRANSACTION_COMMIT_TYPE);
        assertThat(SysFlag.withTransactionType(flags | SysFlag.TRANSACTION_ROLLBACK_TYPE, SysFlag.TRANSACTION_NOT_TYPE))
                .isEqualTo(flags);
    }

    @Test
    void onlyNormalAndCommittedRecordsAreDispatched() {
        assertThat(SysFlag.isDispatchedToConsumeQueue(SysFlag.TRANSACTION_NOT_TYPE | SysFlag.MULTI_TAGS)).isTrue();
        assertThat(SysFlag.isDispatchedToConsumeQueue(SysFlag.TRANSACTION_COMMIT_TYPE)).isTrue();
        assertThat(SysFlag.isDispatchedToConsumeQueue(SysFlag.TRANSACTION_PREPARED_TYPE)).isFalse();
        assertThat(SysFlag.isDispatchedToConsumeQueue(SysFlag.TRANSACTION_ROLLBACK_TYPE | SysFlag.COMPRESSED))
                .isFalse();
    }

    @Test
    void hostLengthsFollowTheV6Bits() {
        assertThat(SysFlag.bornHostLength(0)).isEqualTo(8);
        assertThat(SysFlag.bornHostLength(SysFlag.BORNHOST_V6)).isEqualTo(20);
        assertThat(SysFlag.bornHostLength(SysFlag.STOREHOST_V6)).isEqualTo(8);
        assertThat(SysFlag.storeHostLength(0)).isEqualTo(8);
        assertThat(SysFlag.storeHostLength(SysFlag.STOREHOST_V6)).isEqualTo(20);
        assertThat(SysFlag.storeHostLength(SysFlag.BORNHOST_V6)).isEqualTo(8);
    }
}
