package io.msgframe.protocol.message;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A message before the commit log has placed it: every record field except the three the store assigns
 * under its lock (queue offset, physical offset, store timestamp). Mutable and reusable; the body is a
 * view, never copied until it is encoded.
 */
public final class MessageDraft {
    private String topic;
    private int queueId;
    private int flag;
    private int sysFlag;
    private long bornTimestamp;
    private InetSocketAddress bornHost;
    private InetSocketAddress storeHost;
    private int reconsumeTimes;
    private long preparedTransactionOffset;
    private ByteBuffer body = ByteBuffer.allocate(0);
    private String properties = "";

    public String topic() {
        return topic;
    }

    public MessageDraft topic(String topic) {
        this.topic = topic;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public MessageDraft queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public int flag() {
        return flag;
    }

    public MessageDraft flag(int flag) {
        this.flag = flag;
        return this;
    }

    /** SYSFLAG without the host bits: the encoder sets BORNHOST_V6 / STOREHOST_V6 from the addresses. */
    public int sysFlag() {
        return sysFlag;
    }

    public MessageDraft sysFlag(int sysFlag) {
        this.sysFlag = sysFlag;
        return this;
    }

    public long bornTimestamp() {
        return bornTimestamp;
    }

    public MessageDraft bornTimestamp(long bornTimestamp) {
        this.bornTimestamp = bornTimestamp;
        return this;
    }

    public InetSocketAddress bornHost() {
        return bornHost;
    }

    public MessageDraft bornHost(InetSocketAddress bornHost) {
        this.bornHost = bornHost;
        return this;
    }

    public InetSocketAddress storeHost() {
        return storeHost;
    }

    public MessageDraft storeHost(InetSocketAddress storeHost) {
        this.storeHost = storeHost;
        return this;
    }

    public int reconsumeTimes() {
        return reconsumeTimes;
    }

    public MessageDraft reconsumeTimes(int reconsumeTimes) {
        this.reconsumeTimes = reconsumeTimes;
        return this;
    }

    public long preparedTransactionOffset() {
        return preparedTransactionOffset;
    }

    public MessageDraft preparedTransactionOffset(long preparedTransactionOffset) {
        this.preparedTransactionOffset = preparedTransactionOffset;
        return this;
    }

    /** The body between position and limit. */
    public ByteBuffer body() {
        return body;
    }

    public MessageDraft body(ByteBuffer body) {
        this.body = body;
        return this;
    }

    public MessageDraft body(byte[] body) {
        this.body = ByteBuffer.wrap(body);
        return this;
    }

    /** The properties string as stored (see {@link MessageProperties}). */
    public String properties() {
        return properties;
    }

    public MessageDraft properties(String properties) {
        this.properties = properties == null ? "" : properties;
        return this;
    }
}
