package io.msgframe.broker.admin;

import io.msgframe.broker.Broker;
import io.msgframe.broker.ProcessorTable;
import io.msgframe.broker.stats.BrokerStats;
import io.msgframe.protocol.body.KVTable;
import io.msgframe.protocol.message.MessageRecord;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.store.MessageStore;
import io.msgframe.store.file.SegmentSlice;
import io.msgframe.store.retention.DiskUsage;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The GET_BROKER_RUNTIME_INFO table (reference §2.14.8): every key {@code mqadmin clusterList} reads, in both
 * spellings where 4.9 and 5.x tools differ ({@code getTransferedTps} / {@code getTransferredTps}), plus the
 * informational keys RocketMQ adds. Values are text, as RocketMQ sends them.
 */
final class RuntimeInfo {
    /** The RocketMQ release whose version ordinal MsgFrame reports ({@link RemotingCommand#SERVER_VERSION}). */
    static final String VERSION_DESC = "V4_9_8";
    private static final String NO_TPS = "0.00 0.00 0.00";

    private RuntimeInfo() {
    }

    static KVTable of(Broker broker) {
        Map<String, String> table = new LinkedHashMap<>();
        BrokerStats stats = broker.stats();
        MessageStore store = broker.store();
        long now = broker.clock().millis();
        table.put("brokerVersionDesc", VERSION_DESC);
        table.put("brokerVersion", Integer.toString(RemotingCommand.SERVER_VERSION));
        table.put("brokerActive", "true");
        table.put("bootTimestamp", Long.toString(broker.bootTimestamp()));
        table.put("runtime", runtime(now - broker.bootTimestamp()));
        table.put("putTps", stats.putTps());
        table.put("getTransferedTps", stats.getTps());
        table.put("getTransferredTps", stats.getTps());
        table.put("getFoundTps", stats.getTps());
        table.put("getMissTps", NO_TPS);
        table.put("getTotalTps", stats.getTps());
        table.put("msgPutTotalYesterdayMorning", Long.toString(stats.putTotalYesterdayMorning()));
        table.put("msgPutTotalTodayMorning", Long.toString(stats.putTotalTodayMorning()));
        table.put("msgPutTotalTodayNow", Long.toString(stats.putTotal()));
        table.put("msgGetTotalYesterdayMorning", Long.toString(stats.getTotalYesterdayMorning()));
        table.put("msgGetTotalTodayMorning", Long.toString(stats.getTotalTodayMorning()));
        table.put("msgGetTotalTodayNow", Long.toString(stats.getTotal()));
        ProcessorTable processors = broker.processors();
        for (String kind : new String[] {ProcessorTable.SEND, ProcessorTable.PULL, ProcessorTable.QUERY}) {
            table.put(kind + "ThreadPoolQueueSize", Integer.toString(processors.queueSize(kind)));
            table.put(kind + "ThreadPoolQueueCapacity",
                    Integer.toString(broker.config().remotingConfig().queueCapacity(kind)));
            // the executors do not time their queues; RocketMQ reports 0 when its queue is empty too
            table.put(kind + "ThreadPoolQueueHeadWaitTimeMills", "0");
        }
        table.put("pageCacheLockTimeMills", "0");
        long minOffset = store.commitLog().minOffset();
        long maxOffset = store.commitLog().maxOffset();
        table.put("commitLogMinOffset", Long.toString(minOffset));
        table.put("commitLogMaxOffset", Long.toString(maxOffset));
        table.put("dispatchBehindBytes", Long.toString(Math.max(0, maxOffset - store.dispatcher().dispatchedOffset())));
        table.put("earliestMessageTimeStamp", Long.toString(earliestMessageTime(store, minOffset, maxOffset, now)));
        table.put("commitLogDiskRatio", String.format(Locale.ROOT, "%.4f", diskRatio(store)));
        table.put("brokerPermission", Integer.toString(broker.config().brokerPermission()));
        return new KVTable(table);
    }

    /** Store time of the oldest record; now when the store is empty ("0 hours of data"). */
    private static long earliestMessageTime(MessageStore store, long minOffset, long maxOffset, long now) {
        if (minOffset >= maxOffset) {
            return now;
        }
        try (SegmentSlice slice = store.readRecord(minOffset)) {
            return slice == null ? now : new MessageRecord().wrap(slice.buffer(), 0).storeTimestamp();
        }
    }

    private static double diskRatio(MessageStore store) {
        try {
            return DiskUsage.FILE_SYSTEM.usedRatio(store.config().commitLogDir());
        } catch (RuntimeException e) {
            return DiskUsage.FILE_SYSTEM.usedRatio(store.root());
        }
    }

    /** RocketMQ's format: "[ 0 days, 1 hours, 2 minutes, 3 seconds ]". */
    static String runtime(long uptimeMs) {
        Duration d = Duration.ofMillis(Math.max(0, uptimeMs));
        return "[ " + d.toDays() + " days, " + d.toHoursPart() + " hours, " + d.toMinutesPart() + " minutes, "
                + d.toSecondsPart() + " seconds ]";
    }
}
