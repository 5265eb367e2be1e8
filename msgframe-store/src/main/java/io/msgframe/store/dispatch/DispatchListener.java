package io.msgframe.store.dispatch;

/** Told about every record the dispatcher reads, in commit-log order, on the dispatcher thread. */
@FunctionalInterface
public interface DispatchListener {
    void dispatch(DispatchRequest request);
}
