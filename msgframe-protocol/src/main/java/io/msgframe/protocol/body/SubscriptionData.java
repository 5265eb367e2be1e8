package io.msgframe.protocol.body;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One topic subscription of a consumer group (reference §2.2): the expression ({@code "*"} = all), for TAG
 * expressions the tags and their Java {@code String.hashCode()} codes, the client's {@code subVersion} (ms; a
 * larger one replaces a stored subscription), and the expression type. {@code tagsSet} and {@code codeSet} are
 * always written, {@code []} when empty.
 */
public record SubscriptionData(String topic, String subString, Set<String> tagsSet, Set<Integer> codeSet,
                               long subVersion, String expressionType, boolean classFilterMode) {
    public static final String SUB_ALL = "*";
    public static final String EXPRESSION_TAG = "TAG";
    public static final String EXPRESSION_SQL92 = "SQL92";

    public SubscriptionData {
        tagsSet = Copies.set(tagsSet);
        codeSet = Copies.set(codeSet);
        if (expressionType == null) {
            expressionType = EXPRESSION_TAG;
        }
    }

    /**
     * What a client builds from a tag expression: {@code ""}, null or {@code "*"} subscribe to all; otherwise the
     * parts split on {@code ||}, trimmed, empty ones dropped; {@code subString} keeps the original text.
     */
    public static SubscriptionData ofTags(String topic, String expression, long subVersion) {
        if (expression == null || expression.isEmpty() || expression.equals(SUB_ALL)) {
            return new SubscriptionData(topic, SUB_ALL, Set.of(), Set.of(), subVersion, EXPRESSION_TAG, false);
        }
        Set<String> tags = new LinkedHashSet<>();
        Set<Integer> codes = new LinkedHashSet<>();
        for (String part : expression.split("\\|\\|")) {
            String tag = part.trim();
            if (!tag.isEmpty()) {
                tags.add(tag);
                codes.add(tag.hashCode());
            }
        }
        return new SubscriptionData(topic, expression, tags, codes, subVersion, EXPRESSION_TAG, false);
    }

    /** True when every message of the topic matches ({@code subString} is {@code "*"} or empty). */
    public boolean subscribesAll() {
        return subString == null || subString.isEmpty() || subString.equals(SUB_ALL);
    }
}
