package io.msgframe.store.read;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decides which messages a read returns: first by the consume queue's tags code (cheap, no commit-log
 * access), then, for filters that need it, by the stored record.
 */
public interface MessageFilter {

    /** Every message. */
    MessageFilter ALL = tagsCode -> true;

    boolean matchesTagsCode(long tagsCode);

    /** Called only for entries whose tags code matched; {@code record} is the stored record. */
    default boolean matchesRecord(ByteBuffer record) {
        return true;
    }

    /** Messages whose tag is one of {@code tags} (hash match; the client checks the exact tag). */
    static MessageFilter tags(String... tags) {
        long[] codes = Arrays.stream(tags).mapToLong(t -> t.hashCode()).sorted().toArray();
        return tagsCode -> Arrays.binarySearch(codes, tagsCode) >= 0;
    }
}
