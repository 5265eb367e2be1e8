package io.msgframe.protocol.message;

/** The MAGICCODE values of the commit log: two record versions and the end-of-file blank marker. */
public final class MagicCode {
    /** V1: the topic length is one byte. The only form 4.9.x clients can read. */
    public static final int V1 = 0xDAA320A7;
    /** V2: the topic length is two bytes; used only for topics longer than 127 bytes. */
    public static final int V2 = 0xDAA320AB;
    /** Marks the unused tail of a commit-log file: int32 remaining bytes, then this. */
    public static final int BLANK = 0xCBD43194;
    /** Size of the blank marker; every file keeps room for one after its last record. */
    public static final int BLANK_SIZE = 8;
    /** Topics longer than this many bytes need the V2 layout. */
    public static final int MAX_V1_TOPIC_BYTES = 127;

    private MagicCode() {
    }

    public static boolean isRecord(int magic) {
        return magic == V1 || magic == V2;
    }

    public static int forTopicLength(int topicBytes) {
        return topicBytes > MAX_V1_TOPIC_BYTES ? V2 : V1;
    }

    public static int topicLengthSize(int magic) {
        return magic == V2 ? 2 : 1;
    }
}
