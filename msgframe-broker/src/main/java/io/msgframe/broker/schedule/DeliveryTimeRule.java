package io.msgframe.broker.schedule;

import io.msgframe.protocol.body.TopicNames;
import io.msgframe.protocol.message.PropertyKeys;
import io.msgframe.store.dispatch.DispatchListener;
import io.msgframe.store.dispatch.DispatchRequest;

/**
 * Runs before a consume-queue entry is written (the store's before-consume-queue hook): the entries of the parking
 * topics carry their delivery time (epoch ms) as tags code, so the delay and timer services read due times from
 * the consume queue without touching the commit log. Level entries: store time + the level's delay; timer
 * entries: {@code TIMER_OUT_MS}. Every other topic keeps its tag hash.
 */
public final class DeliveryTimeRule implements DispatchListener {
    private final DelayLevels levels;

    public DeliveryTimeRule(DelayLevels levels) {
        this.levels = levels;
    }

    @Override
    public void dispatch(DispatchRequest r) {
        String topic = r.topic();
        if (TopicNames.SCHEDULE_TOPIC.equals(topic)) {
            r.setTagsCode(r.storeTimestamp() + levels.delayMs(levels.clamp(r.queueId() + 1)));
        } else if (TopicNames.TIMER_TOPIC.equals(topic)) {
            r.setTagsCode(timerOutMs(r.property(PropertyKeys.TIMER_OUT_MS), r.storeTimestamp()));
        }
    }

    /** A record without a readable TIMER_OUT_MS (not parked by MsgFrame) is due at once. */
    static long timerOutMs(String value, long storeTimestamp) {
        if (value == null) {
            return storeTimestamp;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return storeTimestamp;
        }
    }
}
