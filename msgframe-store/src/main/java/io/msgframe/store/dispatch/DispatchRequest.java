package io.msgframe.store.dispatch;

import io.msgframe.protocol.message.MessageProperties;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.message.PropertyKeys;

/**
 * What the dispatcher tells its listeners about one record. One instance, refilled for every record by the
 * dispatcher thread: listeners copy what they keep.
 */
public final class DispatchRequest {
    private String topic;
    private int queueId;
    private long queueOffset;
    private long physicalOffset;
    private int size;
    private int sysFlag;
    private long storeTimestamp;
    private String properties;
    private long tagsCode;

    private String lastTopic = "";
    private byte[] lastTopicBytes = new byte[0];

    void fill(MessageRecord record, long physicalOffset) {
        this.topic = topicOf(record);
        this.queueId = record.queueId();
        this.queueOffset = record.queueOffset();
        this.physicalOffset = physicalOffset;
        this.size = record.totalSize();
        this.sysFlag = record.sysFlag();
        this.storeTimestamp = record.storeTimestamp();
        this.properties = record.propertiesString();
        String tags = MessageProperties.find(properties, PropertyKeys.TAGS);
        this.tagsCode = tagsCode(tags);
    }

    /** Records of one topic usually follow each other: decode a topic only when it changes. */
    private String topicOf(MessageRecord record) {
        if (!record.topicEquals(lastTopicBytes)) {
            lastTopic = record.topic();
            lastTopicBytes = lastTopic.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return lastTopic;
    }

    /** RocketMQ's tags code: String.hashCode() of the tag, 0 without one. */
    public static long tagsCode(String tags) {
        return tags == null || tags.isEmpty() ? 0 : tags.hashCode();
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    public long queueOffset() {
        return queueOffset;
    }

    public long physicalOffset() {
        return physicalOffset;
    }

    public int size() {
        return size;
    }

    public int sysFlag() {
        return sysFlag;
    }

    public long storeTimestamp() {
        return storeTimestamp;
    }

    public String properties() {
        return properties;
    }

    public String property(String name) {
        return MessageProperties.find(properties, name);
    }

    public long tagsCode() {
        return tagsCode;
    }

    /** Listeners such as the delay service replace the tags code (SCHEDULE_TOPIC holds delivery times). */
    public void setTagsCode(long tagsCode) {
        this.tagsCode = tagsCode;
    }
}
