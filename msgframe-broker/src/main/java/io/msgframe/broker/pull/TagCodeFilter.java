package io.msgframe.broker.pull;

import io.msgframe.protocol.body.SubscriptionData;
import io.msgframe.store.read.MessageFilter;

import java.util.Arrays;

/**
 * The broker-side tag filter of a TAG subscription (reference §2.7.1 step 3): a consume-queue entry matches when
 * the subscription is {@code "*"} or its tags code is one of the subscription's tag hash codes. Hash collisions
 * pass; the client re-checks the exact tag. Like RocketMQ, the code is compared as an int (the Java
 * {@code String.hashCode()} of the tag), and a message without a tag (code 0) only matches {@code "*"}.
 */
final class TagCodeFilter implements MessageFilter {
    private final int[] codes;

    private TagCodeFilter(int[] codes) {
        this.codes = codes;
    }

    /** The filter of a TAG subscription: {@link MessageFilter#ALL} for {@code "*"}. */
    static MessageFilter of(SubscriptionData subscription) {
        if (subscription.subscribesAll()) {
            return MessageFilter.ALL;
        }
        int[] codes = subscription.codeSet().stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        return new TagCodeFilter(codes);
    }

    @Override
    public boolean matchesTagsCode(long tagsCode) {
        return Arrays.binarySearch(codes, (int) tagsCode) >= 0;
    }

    @Override
    public String toString() {
        return "TagCodeFilter" + Arrays.toString(codes);
    }
}
