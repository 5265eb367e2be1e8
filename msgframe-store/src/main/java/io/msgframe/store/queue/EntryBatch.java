package io.msgframe.store.queue;

/** Consume-queue entries read in one go, in reusable parallel arrays (no object per entry). */
public final class EntryBatch {
    private final long[] physicalOffsets;
    private final int[] sizes;
    private final long[] tagsCodes;
    private int count;

    public EntryBatch(int capacity) {
        physicalOffsets = new long[capacity];
        sizes = new int[capacity];
        tagsCodes = new long[capacity];
    }

    void clear() {
        count = 0;
    }

    void add(long physicalOffset, int size, long tagsCode) {
        physicalOffsets[count] = physicalOffset;
        sizes[count] = size;
        tagsCodes[count] = tagsCode;
        count++;
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return sizes.length;
    }

    public long physicalOffset(int i) {
        return physicalOffsets[i];
    }

    public int size(int i) {
        return sizes[i];
    }

    public long tagsCode(int i) {
        return tagsCodes[i];
    }

    public boolean isPadding(int i) {
        return sizes[i] == ConsumeQueue.PADDING_SIZE;
    }
}
